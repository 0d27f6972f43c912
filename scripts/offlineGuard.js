// Loaded with `--require` into code-server and (through NODE_OPTIONS) every Node process it starts: refuses any
// TCP connection to a host other than this machine and says so in the server log, so a test can assert that a
// session of the tests or of `npm start` never reached outside 127.0.0.1 (the extension gallery, update checks...).
'use strict';
const net = require('node:net');

const MARK = '[offline-guard]';
const LOCAL_HOSTS = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0', '::']);

function isLocal(host) {
  if (host === undefined || host === null || host === '') return true;
  return LOCAL_HOSTS.has(host) || /^127\./.test(host) || /^::ffff:127\./.test(host);
}

/** net.connect's arguments come in three shapes: (options), (port, host), (path). */
function targetOf(args) {
  const [first, second] = args;
  if (Array.isArray(first)) return targetOf(first);
  if (first && typeof first === 'object') return first.path !== undefined ? undefined : { host: first.host, port: first.port };
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    return { host: typeof second === 'string' ? second : undefined, port: first };
  }
  return undefined; // a local socket path
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const target = targetOf(args);
  if (target && !isLocal(target.host)) {
    process.stderr.write(`${MARK} blocked a connection to ${target.host}:${target.port} (pid ${process.pid})\n`);
    const error = Object.assign(new Error(`${MARK} no connections outside 127.0.0.1 (${target.host})`), { code: 'ECONNREFUSED' });
    process.nextTick(() => this.destroy(error));
    return this;
  }
  return originalConnect.apply(this, args);
};

process.stderr.write(`${MARK} active in pid ${process.pid}\n`);

module.exports = { MARK };
