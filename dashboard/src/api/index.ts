/**
 * The app's single API objects: the server clock, the session and the HTTP client.
 */
import { createHttpClient } from './http-client.js';
import { createServerClock } from './server-clock.js';
import { SessionManager } from './session.js';

export const serverClock = createServerClock();
export const session = new SessionManager({ clock: serverClock });
export const http = createHttpClient(session, serverClock);
