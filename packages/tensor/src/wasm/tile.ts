/** Rows of a register tile (the packed-A panel height). */
export const MR = 4;
/** Columns of a register tile (the packed-B panel width): two 4-lane vectors. */
export const NR = 8;
