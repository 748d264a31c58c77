/**
 * The WebSocket stream on a real port (PGlite store): acks after commit by batch id,
 * seq or message number, rejects per record, nacks on a refused commit, auth, and
 * pacing under a full backlog without losing or refusing anything.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openPgliteStore } from '../../../services/store/pglite.adapter.js';
import { migrate } from '../../../services/store/migrate.js';
import type { SqlPort } from '../../../services/store/port.js';
import { ingestHarness, type IngestHarness } from '../harness.js';

const NOW = Date.now();
const ev = (fields: Record<string, unknown> = {}) => ({ intersection: 'A', ts: NOW, code: 82, param: 5, ...fields });

interface Client {
  socket: WebSocket;
  next(): Promise<Record<string, unknown>>;
  close(): void;
}

async function connect(url: string, key = 'key-all'): Promise<Client> {
  const socket = new WebSocket(url, { headers: { 'x-api-key': key } });
  const inbox: Record<string, unknown>[] = [];
  const waiting: ((message: Record<string, unknown>) => void)[] = [];
  socket.on('message', (data) => {
    const message = JSON.parse(data.toString()) as Record<string, unknown>;
    const waiter = waiting.shift();
    if (waiter) waiter(message);
    else inbox.push(message);
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    socket,
    next: () => {
      const ready = inbox.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () => socket.close(),
  };
}

describe('WebSocket ingest stream', () => {
  let store: SqlPort;
  let harness: IngestHarness;
  let url: string;

  beforeAll(async () => {
    store = await openPgliteStore();
    await migrate(store);
    harness = await ingestHarness(store, { limits: { maxPendingRows: 1000, batchRows: 1000, batchWaitMs: 20 } });
    const address = await harness.app.listen({ host: '127.0.0.1', port: 0 });
    url = `${address.replace('http', 'ws')}/ingest/v1/stream`;
  });
  afterAll(async () => {
    await harness.close();
    await store.close();
  });
  beforeEach(async () => {
    await store.query('DELETE FROM controller_events');
    await store.query('DELETE FROM ingest_rejects');
  });

  it('acknowledges a batch by id after commit, with its rejects per record', async () => {
    const client = await connect(url);
    client.socket.send(JSON.stringify({ batch: 'b-1', records: [ev(), ev({ code: 300 }), ev({ param: 6 })] }));
    expect(await client.next()).toEqual({
      type: 'ack',
      batch: 'b-1',
      accepted: 2,
      duplicates: 0,
      rejected: 1,
      late: 0,
      rejects: [{ record: 2, reason: 'CODE_OUT_OF_RANGE', field: 'code', detail: 'code 300 is outside 0..255' }],
    });
    const stored = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM controller_events');
    expect(stored.rows[0]?.n).toBe(2);
    // The resend of the same batch is acknowledged again, as duplicates.
    client.socket.send(JSON.stringify({ batch: 'b-1', records: [ev(), ev({ param: 6 })] }));
    expect(await client.next()).toMatchObject({ type: 'ack', batch: 'b-1', accepted: 2, duplicates: 2 });
    client.close();
  });

  it('acknowledges single records by seq, or by message number without one', async () => {
    const client = await connect(url);
    client.socket.send(JSON.stringify(ev({ seq: 41 })));
    client.socket.send(JSON.stringify({ detector: 'A-W-SB1', ts: NOW - 60_000, intervalS: 60, volume: 4 }));
    client.socket.send('{not json');
    const acks = [await client.next(), await client.next(), await client.next()];
    expect(acks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'ack', seq: 41, accepted: 1 }),
        expect.objectContaining({ type: 'ack', message: 2, accepted: 1 }),
        expect.objectContaining({ type: 'ack', message: 3, accepted: 0, rejected: 1, rejects: [expect.objectContaining({ reason: 'MALFORMED_JSON' })] }),
      ]),
    );
    client.close();
  });

  it('refuses connections without a valid feed key', async () => {
    await expect(connect(url, 'wrong')).rejects.toThrow(/401/);
    const anonymous = new WebSocket(url);
    await expect(new Promise((resolve, reject) => anonymous.once('open', resolve).once('error', reject))).rejects.toThrow(/401/);
  });

  it('paces a sender that outruns the backlog: every record is acknowledged, none refused', async () => {
    const client = await connect(url);
    const batches = 20;
    for (let b = 0; b < batches; b++) {
      client.socket.send(JSON.stringify({ batch: `p-${b}`, records: Array.from({ length: 200 }, (_, i) => ev({ ts: NOW - b * 1000 - i })) }));
    }
    const acks: Record<string, unknown>[] = [];
    for (let b = 0; b < batches; b++) acks.push(await client.next());
    expect(acks.every((a) => a.type === 'ack' && a.accepted === 200)).toBe(true);
    const stored = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM controller_events');
    expect(stored.rows[0]?.n).toBe(4000);
    client.close();
  });

  it('nacks a batch the database refuses; nothing of it is stored', async () => {
    await store.execScript('ALTER TABLE controller_events ADD CONSTRAINT no_code_250 CHECK (code <> 250)');
    try {
      const client = await connect(url);
      client.socket.send(JSON.stringify({ batch: 'x', records: [ev({ code: 250, param: 1 }), ev()] }));
      expect(await client.next()).toMatchObject({ type: 'nack', batch: 'x', code: 'ZHIDU_ERR_INTERNAL' });
      const stored = await store.query<{ n: number }>('SELECT count(*)::int AS n FROM controller_events');
      expect(stored.rows[0]?.n).toBe(0);
      client.close();
    } finally {
      await store.execScript('ALTER TABLE controller_events DROP CONSTRAINT no_code_250');
    }
  });
});
