#!/usr/bin/env bash
# Runs the gpu backend's checks on a machine with a GPU, from .gpu-kit/ (built
# by scripts/gpu-kit/build.mjs): no network, no Node, no pnpm needed there.
#
#   bash .gpu-kit/run.sh [setup] [check] [bench] [labs]     (default: all four)
#
# Results go to $OUT (the device tool's folder), else ./gpu-kit-out: at most
# 8 files. Every step has its own time limit, so the stages fit the device
# tool's 10-minute calls: 'check bench' ≈ 5 min, 'labs' ≈ 6 min at most.
set -uo pipefail
kit="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="${OUT:-$PWD/gpu-kit-out}"
mkdir -p "$out"
stages="${*:-setup check bench labs}"
has() { [[ " $stages " == *" $1 "* ]]; }
step() { # step SECONDS LOG -- command…: runs it with a limit, output to the terminal and LOG
  local limit=$1 log=$2; shift 3
  echo "=== $* (limit ${limit}s)" | tee -a "$out/$log"
  timeout "$limit" "$@" 2>&1 | tee -a "$out/$log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" = 124 ] && echo "=== timed out after ${limit}s" | tee -a "$out/$log"
  echo "=== exit $rc" | tee -a "$out/$log"
}

unxz_to() { # unxz_to FILE.xz DEST (xz, else Python's lzma)
  if command -v xz >/dev/null; then xz -dc "$1" > "$2"
  else python3 -c "import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2],'wb'))" "$1" "$2"; fi
}

# Setup (each call: a device machine starts bare): Node, Dawn, the Vulkan loader, the driver's ICD.
if [ ! -x /tmp/gradlab-node/node ]; then
  mkdir -p /tmp/gradlab-node && unxz_to "$kit/node.xz" /tmp/gradlab-node/node && chmod +x /tmp/gradlab-node/node
fi
export PATH="/tmp/gradlab-node:$PATH"
# As scripts/tuned-malloc.mjs does for `pnpm bench` and the labs: glibc keeps freed memory, so neither we nor
# the PyTorch reference (which inherits it) pay a page fault per page of every fresh array (bench/RESULTS.md).
export GLIBC_TUNABLES="${GLIBC_TUNABLES-glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824}"
dawn="$kit/node_modules/webgpu/dist/linux-x64.dawn.node"
[ -f "$dawn" ] || unxz_to "$dawn.xz" "$dawn"
if ! ldconfig -p | grep -q libvulkan.so.1; then
  for f in "$kit"/debs/*.deb; do dpkg -x "$f" /; done
  ldconfig
fi
if [ -z "${VK_ICD_FILENAMES:-}${VK_DRIVER_FILES:-}" ] && [ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ] \
  && [ ! -f /usr/share/vulkan/icd.d/nvidia_icd.json ] && [ ! -f /etc/vulkan/icd.d/nvidia_icd.json ]; then
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
fi
export GRADLAB_DATA="$kit/data" GRADLAB_PYTHON="$(command -v python3 || echo /usr/bin/python3)"
if has setup; then
  {
    echo "kit built $(cat "$kit/BUILT")"; node --version; nvidia-smi -L 2>&1 | head -2
    echo "vulkan loader: $(ldconfig -p | grep -m1 libvulkan.so.1)"; echo "VK_DRIVER_FILES=${VK_DRIVER_FILES:-} VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-}"
    "$GRADLAB_PYTHON" -c 'import torch; print("torch", torch.__version__, "threads", torch.get_num_threads())' 2>&1
  } 2>&1 | tee -a "$out/check.log"
fi

# The kernels on the device: every float32 golden case against PyTorch (also proves the adapter).
has check && step 90 check.log -- node "$kit/golden.mjs" "$kit/tensor-ops.json" webgpu

# Speed: the bench suite on the gpu backend (PyTorch CPU measured in the same run), then the
# course CNN on the wasm backend with every core, for the CPU side of the comparison.
if has bench; then
  cores=$(nproc); [ "$cores" -gt 16 ] && cores=16
  (cd "$kit/bench" && step 230 bench-gpu.md -- node src/bench.mjs --backend gpu --threads "$cores" --data "$kit/data")
  (cd "$kit/bench" && step 60 bench-wasm.md -- node src/bench.mjs --backend wasm --threads "$cores" --only cnn)
fi

# The labs, trained for real on MNIST: the same accuracy on gpu as on wasm, and seconds per epoch.
if has labs; then
  for run in "mnist-from-scratch gpu 150" "mnist-from-scratch wasm 60" "mnist-cnn-bn gpu 150" "mnist-cnn-bn wasm 100"; do
    set -- $run
    extra=(); [ "$1" = mnist-cnn-bn ] && extra=(--epochs 1)
    step "$3" labs.log -- node "$kit/labs.mjs" "$1" --backend "$2" "${extra[@]}" --out "/tmp/gradlab-runs/$1-$2"
    [ -f "/tmp/gradlab-runs/$1-$2/metrics.json" ] && cp "/tmp/gradlab-runs/$1-$2/metrics.json" "$out/$1-$2.json"
  done
fi
echo "results in $out: $(ls "$out" | tr '\n' ' ')"
