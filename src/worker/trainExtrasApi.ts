/** Worker methods of the training feature, merged into the engine API (api.ts). Imports engine/ only. */

/** Creates the training methods; each is async and may be called directly in tests. */
export function createTrainExtrasApi() {
  return {};
}
