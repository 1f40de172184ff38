/**
 * The Web Worker entry of the engine. This file (and everything it reaches) imports only engine/, worker/ and
 * comlink: no store, views, React or DOM, so the math stays off the main thread and testable in Node.
 *
 * `self` is passed explicitly: the default endpoint (globalThis) hangs under @vitest/web-worker, whose fake
 * worker shares globalThis with the test.
 */
import { expose, type Endpoint } from 'comlink';
import { createEngineApi } from './api';

// tsconfig's lib types `self` as a Window; inside a dedicated worker it is a DedicatedWorkerGlobalScope, whose
// postMessage(message, transfer) is exactly comlink's Endpoint.
expose(createEngineApi(), self as unknown as Endpoint);
