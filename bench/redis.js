// A real redis-server for the shared-tier workloads (the same logic as test/engine/redisServer.ts): started on
// 127.0.0.1 and a free port, without persistence, killed at the end of the case. REDIS_SERVER overrides the binary.
'use strict';
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');

const BINARY = process.env.REDIS_SERVER || 'redis-server';

/** true, or why the shared-tier workloads cannot run here. */
function redisServerAvailable() {
  const probe = spawnSync(BINARY, ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (probe.error || probe.status !== 0) return 'redis-server not installed (apt-get install -y redis-server)';
  return true;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Whether a PING on a fresh socket gets +PONG within `ms`. */
function pings(port, ms) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const finish = (ok) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => finish(false), ms);
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => finish(data.toString().startsWith('+PONG')));
    socket.on('error', () => finish(false));
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Starts a redis-server; resolves to { url, stop() } once it answers PING. */
async function startRedis() {
  const port = await freePort();
  const child = spawn(BINARY, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  let spawnError;
  child.once('error', (error) => (spawnError = error));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  const end = Date.now() + 10_000;
  while (!(await pings(port, 200))) {
    if (spawnError) throw new Error(`could not start redis-server: ${spawnError.message}`);
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode} at start`);
    if (Date.now() > end) {
      await stop();
      throw new Error(`redis-server did not answer on port ${port} within 10 s`);
    }
    await sleep(25);
  }
  return { url: `redis://127.0.0.1:${port}`, stop };
}

module.exports = { redisServerAvailable, startRedis };
