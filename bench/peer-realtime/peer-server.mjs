// The peer helpdesk's live push, rebuilt for the side-by-side run (bench/peer-realtime/run.ts): one
// plain Node process with an HTTP server and Socket.IO. A technician's request
// (POST /rooms/:room/work) inserts one row into the queue table, then emits the new work to the
// room's sockets in process, then answers. Deliberately no transaction around the emit, no replay,
// no second process and no tenant check: that is the method being compared, not a design to copy.
// Listeners connect with `auth: { room }` and get a `ready` event once they are in the room.
// Database: PEER_DATABASE_URL (PostgreSQL, a pool) when set, else PGlite in this process with its
// data folder in PEER_DATA_DIR. Listens on 127.0.0.1:PORT (0 = any free port) and prints
// `listening <port>` on stdout when ready.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const QUEUE_TABLE = `CREATE TABLE IF NOT EXISTS peer_queue (
  id uuid PRIMARY KEY,
  room text NOT NULL,
  summary text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
)`;
const INSERT = `INSERT INTO peer_queue (id, room, summary) VALUES ($1, $2, $3) RETURNING id, room, summary, created_at`;

/** A `query(sql, params) → rows` function on PostgreSQL or PGlite. */
async function openQueue() {
  if (process.env.PEER_DATABASE_URL) {
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({ connectionString: process.env.PEER_DATABASE_URL, max: 10 });
    await pool.query(QUEUE_TABLE);
    return { query: async (sql, params) => (await pool.query(sql, params)).rows, close: () => pool.end() };
  }
  const { PGlite } = await import('@electric-sql/pglite');
  const db = await PGlite.create({ dataDir: process.env.PEER_DATA_DIR });
  await db.exec(QUEUE_TABLE);
  return { query: async (sql, params) => (await db.query(sql, params)).rows, close: () => db.close() };
}

const queue = await openQueue();
const http = createServer();
const io = new Server(http, { serveClient: false });

io.on('connection', (socket) => {
  const room = typeof socket.handshake.auth?.room === 'string' ? socket.handshake.auth.room : 'default';
  socket.join(room);
  socket.emit('ready');
});

const WORK_PATH = /^\/rooms\/([\w-]{1,64})\/work$/;

http.on('request', (req, res) => {
  // Socket.IO answers its own path; everything else is ours.
  if (req.url?.startsWith('/socket.io/')) return;
  const route = req.method === 'POST' ? WORK_PATH.exec(req.url ?? '') : null;
  if (!route) {
    res.writeHead(req.url === '/readyz' ? 200 : 404).end();
    return;
  }
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', async () => {
    try {
      const summary = String(JSON.parse(body || '{}').summary ?? 'New work');
      const [row] = await queue.query(INSERT, [randomUUID(), route[1], summary]);
      io.to(row.room).emit('work', row);
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ work: row }));
    } catch (err) {
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err) }));
    }
  });
});

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`listening ${http.address().port}\n`);
});

process.on('SIGTERM', () => {
  io.close(); // closes the HTTP server too
  void queue.close().finally(() => process.exit(0));
});
