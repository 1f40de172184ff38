/**
 * The app's version, read from package.json at build time (Vite keeps only this one field of the file). The About
 * box shows it and every export (model, trace, images) carries it.
 */
import { version } from '../package.json';

/** The version of this build, e.g. "0.1.0". */
export const APP_VERSION: string = version;
