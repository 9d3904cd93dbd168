/** A write the store refuses; `status` is what the control API answers with. */
export class SimStoreError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}
