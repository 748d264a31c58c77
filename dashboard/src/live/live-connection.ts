/**
 * The one live connection of the app (DESIGN §10): socket.io namespace `/live`
 * with the access token in the handshake. It survives everything a wall screen
 * meets in a shift:
 * - network loss and server restarts: socket.io reconnects with exponential backoff
 *   and jitter; on each connection every scope is subscribed again and the first
 *   snapshot rebuilds the picture;
 * - token expiry: a renewed token is presented with `authenticate`; a handshake or
 *   connection refused for the token renews it and reconnects; only a refused renewal
 *   (the session ended) stops the connection.
 */
import { io, type Socket } from 'socket.io-client';
import { shallowRef, type ShallowRef } from 'vue';
import type { Alert, ClientToServerEvents, CycleMeasures, LiveScope, ServerToClientEvents, SuggestionNotice } from '../../../services/contracts/live.js';
import type { SessionManager } from '../api/session.js';
import { applyAlert, applyDelta, applySnapshot, emptyPicture, type LivePicture } from './live-picture.js';

export type LiveStatus = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'signed-out';

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface LiveConnectionOptions {
  /** Base URL of the server; default: the page's origin. */
  url?: string;
  /** Local wall clock (tests). */
  now?: () => number;
}

/** Backoff of socket.io's manager: 1 s doubling to 10 s, ±50 % jitter (many wall screens must not reconnect in step). */
const RECONNECT = { reconnectionDelay: 1_000, reconnectionDelayMax: 10_000, randomizationFactor: 0.5 } as const;

export class LiveConnection {
  readonly status: ShallowRef<LiveStatus> = shallowRef('idle');
  /** Reconnection attempts since the last successful connection. */
  readonly attempt: ShallowRef<number> = shallowRef(0);
  /** Local time (epoch ms) the last message arrived; null before the first. */
  readonly lastMessageAt: ShallowRef<number | null> = shallowRef(null);
  readonly picture: ShallowRef<LivePicture> = shallowRef(emptyPicture());
  /** Error code of the last refused subscription, if any. */
  readonly refusal: ShallowRef<string | null> = shallowRef(null);

  private socket: LiveSocket | null = null;
  private readonly scopes = new Map<LiveScope, number>();
  /** The next snapshot rebuilds the picture (first one after a (re)connection). */
  private freshPending = true;
  private readonly cycleListeners = new Set<(cycle: CycleMeasures) => void>();
  private readonly suggestionListeners = new Set<(notice: SuggestionNotice) => void>();
  private readonly now: () => number;
  private stopSessionWatch: (() => void) | null = null;

  constructor(
    private readonly session: SessionManager,
    private readonly options: LiveConnectionOptions = {},
  ) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Adds a scope (reference-counted: two panels watching the city share one subscription).
   * Returns the function that removes it again.
   */
  watch(scope: LiveScope): () => void {
    const count = this.scopes.get(scope) ?? 0;
    this.scopes.set(scope, count + 1);
    if (count === 0 && this.socket?.connected) this.subscribe(this.socket, scope);
    this.ensureStarted();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.scopes.get(scope) ?? 1) - 1;
      if (left > 0) this.scopes.set(scope, left);
      else {
        this.scopes.delete(scope);
        if (this.socket?.connected) this.socket.emit('unsubscribe', { scope });
      }
    };
  }

  onCycle(listener: (cycle: CycleMeasures) => void): () => void {
    this.cycleListeners.add(listener);
    return () => this.cycleListeners.delete(listener);
  }

  onSuggestion(listener: (notice: SuggestionNotice) => void): () => void {
    this.suggestionListeners.add(listener);
    return () => this.suggestionListeners.delete(listener);
  }

  /**
   * Merges an alert the server answered to an action of this user (acknowledge, report), so the
   * screen shows it at once; the same alert then arrives on the live feed and changes nothing.
   */
  mergeAlert(alert: Alert): void {
    this.picture.value = applyAlert(this.picture.value, alert);
  }

  /** Closes the connection (sign-out). A later `watch` opens it again. */
  stop(): void {
    this.socket?.removeAllListeners();
    this.socket?.io.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.stopSessionWatch?.();
    this.stopSessionWatch = null;
    this.picture.value = emptyPicture();
    this.lastMessageAt.value = null;
    this.status.value = 'idle';
  }

  private ensureStarted(): void {
    if (this.socket) return;
    const socket: LiveSocket = io(`${this.options.url ?? ''}/live`, {
      ...RECONNECT,
      autoConnect: false,
      // A function: each (re)connection presents the token current at that moment.
      auth: (callback) => callback({ token: this.session.accessToken() ?? '' }),
    });
    this.socket = socket;
    this.stopSessionWatch = this.session.onChange((active) => {
      if (!active) {
        this.status.value = 'signed-out';
        socket.disconnect();
        return;
      }
      if (socket.connected) socket.emit('authenticate', { token: active.accessToken });
      else if (!socket.active) socket.connect();
    });

    socket.on('connect', () => {
      this.status.value = 'live';
      this.attempt.value = 0;
      this.refusal.value = null;
      this.freshPending = true;
      for (const scope of this.scopes.keys()) this.subscribe(socket, scope);
    });
    socket.on('connect_error', (error: Error & { data?: { code?: string } }) => {
      if (socket.active) {
        // A transport failure: socket.io retries on its own with backoff.
        this.status.value = 'reconnecting';
        return;
      }
      // The server refused the handshake (token expired or revoked): renew, then try again.
      this.status.value = 'reconnecting';
      void this.reconnectWithFreshToken(socket, error.data?.code);
    });
    socket.on('disconnect', (reason) => {
      if (this.status.value === 'signed-out') return;
      this.status.value = 'reconnecting';
      // The server closed the connection itself (its token expired): socket.io does not retry that.
      if (reason === 'io server disconnect') void this.reconnectWithFreshToken(socket, 'ZHIDU_ERR_UNAUTHENTICATED');
    });
    socket.io.on('reconnect_attempt', (attempt) => {
      this.attempt.value = attempt;
    });

    socket.on('snapshot', (snapshot) => {
      this.picture.value = applySnapshot(this.picture.value, snapshot, { fresh: this.freshPending });
      this.freshPending = false;
      this.received();
    });
    socket.on('state', (delta) => {
      this.picture.value = applyDelta(this.picture.value, delta);
      this.received();
    });
    socket.on('alert', (alert) => {
      this.picture.value = applyAlert(this.picture.value, alert);
      this.received();
    });
    socket.on('cycle', (cycle) => {
      this.received();
      for (const listener of this.cycleListeners) listener(cycle);
    });
    socket.on('suggestion', (notice) => {
      this.received();
      for (const listener of this.suggestionListeners) listener(notice);
    });

    this.status.value = 'connecting';
    if (this.session.accessToken()) socket.connect();
  }

  private received(): void {
    this.lastMessageAt.value = this.now();
  }

  private subscribe(socket: LiveSocket, scope: LiveScope): void {
    socket.emit('subscribe', { scope }, (result) => {
      if (!result.ok) this.refusal.value = result.code ?? 'ZHIDU_ERR_INTERNAL';
    });
  }

  private async reconnectWithFreshToken(socket: LiveSocket, code: string | undefined): Promise<void> {
    this.attempt.value += 1;
    try {
      if (code === 'ZHIDU_ERR_UNAUTHENTICATED' && !(await this.session.renew())) {
        this.status.value = 'signed-out';
        return;
      }
    } catch {
      // The server is unreachable for the renewal too: fall through to a delayed retry.
    }
    const delay = Math.min(RECONNECT.reconnectionDelayMax, RECONNECT.reconnectionDelay * 2 ** Math.min(this.attempt.value, 4));
    setTimeout(() => {
      if (this.socket === socket && !socket.connected && !socket.active) socket.connect();
    }, delay * (0.5 + Math.random()));
  }
}
