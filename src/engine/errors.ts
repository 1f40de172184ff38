/** An error whose message is meant for the user as it stands (no stack needed). */
export class EngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EngineError';
  }
}
