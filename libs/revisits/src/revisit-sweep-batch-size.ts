/** Due revisits read per query by the sweep; each one is started in its own short transaction. */
export const REVISIT_SWEEP_BATCH_SIZE = 100;
