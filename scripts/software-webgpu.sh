# Gives this shell a WebGPU adapter without a GPU: SwiftShader, Google's
# Vulkan implementation on the CPU, with the Vulkan loader beside it. Source it:
#
#   source scripts/software-webgpu.sh && pnpm test
#
# The gpu backend's WebGPU tests (golden ops, maths edge cases, a convnet's
# training, four labs) then run on a real WebGPU device — Dawn compiling our
# kernels' WGSL and running them, with asynchronous read-back — instead of
# being skipped. It checks correctness only: SwiftShader runs on the CPU, and
# the gpu backend's 'auto' mode passes such an adapter by.
#
# Debian packages SwiftShader only inside Chromium, so the three files are
# copied from an installed Chromium, else taken out of the chromium-common
# package (31 MB, downloaded, not installed; no root needed): libvk_swiftshader.so needs nothing beyond libc, libm and
# libgcc, and Chromium's own Vulkan loader comes with it.
# They are kept in .cache/swiftshader (git-ignored) and reused.
_gl_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/.cache/swiftshader"
_gl_setup() {
  [ -f "$_gl_dir/vk_swiftshader_icd.json" ] && [ -f "$_gl_dir/libvulkan.so.1" ] && return 0
  local files=(libvk_swiftshader.so vk_swiftshader_icd.json libvulkan.so.1)
  if [ -f /usr/lib/chromium/vk_swiftshader_icd.json ] && [ -f /usr/lib/chromium/libvulkan.so.1 ]; then
    # Chromium is installed (CI installs it for the browser tests): take them from there.
    mkdir -p "$_gl_dir" && for f in "${files[@]}"; do cp "/usr/lib/chromium/$f" "$_gl_dir/$f" || return 1; done
    return 0
  fi
  command -v apt-get >/dev/null || { echo "software-webgpu: needs apt-get (Debian/Ubuntu)"; return 1; }
  local tmp
  tmp="$(mktemp -d)" || return 1
  (
    cd "$tmp" || exit 1
    apt-get download chromium-common >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && apt-get download chromium-common >/dev/null 2>&1; } \
      || { echo "software-webgpu: 'apt-get download chromium-common' failed"; exit 1; }
    mkdir -p x "$_gl_dir" || exit 1
    dpkg-deb --fsys-tarfile chromium-common_*.deb | tar -x -C x "${files[@]/#/./usr/lib/chromium/}" \
      || { echo "software-webgpu: the chromium-common package lacks one of ${files[*]}"; exit 1; }
    for f in "${files[@]}"; do cp "x/usr/lib/chromium/$f" "$_gl_dir/$f" || exit 1; done
  )
  local rc=$?
  rm -rf "$tmp"
  return $rc
}
if _gl_setup; then
  export VK_ICD_FILENAMES="$_gl_dir/vk_swiftshader_icd.json"
  export LD_LIBRARY_PATH="$_gl_dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # The Vulkan loader warns on every start without it (it probes for Wayland).
  if [ -z "${XDG_RUNTIME_DIR:-}" ]; then
    mkdir -p -m 700 "$_gl_dir/run" && export XDG_RUNTIME_DIR="$_gl_dir/run"
  fi
  echo "software-webgpu: SwiftShader's Vulkan driver is this shell's WebGPU adapter ($_gl_dir)"
else
  echo "software-webgpu: no SwiftShader here; the WebGPU tests will be skipped"
fi
unset -f _gl_setup
unset _gl_dir
