/** Worker methods of the lab feature, merged into the engine API (api.ts). Imports engine/ only. */

/** Creates the lab methods; each is async and may be called directly in tests. */
export function createLabApi() {
  return {};
}
