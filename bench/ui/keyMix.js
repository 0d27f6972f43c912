// The keys of the benchmark's caches, like a pipeline's: `user:<id>:profile` (a group of exactly 50,000 entries
// from 100,000 entries up: the group the expand case opens), then reports by month and kind, sessions, events by
// day, model runs and API responses. Deterministic: entry i of a cache of n always has the same key.
'use strict';

const USER_GROUP = 50_000;
const EXPIRED_EVERY = 5;
const HUGE_KEY = 'huge:value';
const KINDS = ['sales', 'traffic', 'churn', 'inventory', 'billing', 'latency'];
const ENDPOINTS = ['orders', 'customers', 'search', 'prices', 'stock'];

/** How many `user:<id>:profile` entries a cache of `count` holds. */
const userCount = (count) => Math.min(USER_GROUP, Math.floor(count / 2));

const month = (j) => `${2019 + Math.floor((j % 96) / 12)}-${String((j % 12) + 1).padStart(2, '0')}`;
const day = (j) => new Date(Date.UTC(2026, 0, 1) + (j % 365) * 86_400_000).toISOString().slice(0, 10);
const hex = (j) => ((j * 2654435761) >>> 0).toString(16).padStart(8, '0') + j.toString(16);

function keyOf(i, count) {
  const users = userCount(count);
  if (i < users) return `user:${i + 1}:profile`;
  const j = i - users;
  switch (j % 10) {
    case 0:
      return `report:${month(j)}:${KINDS[j % KINDS.length]}-${Math.floor(j / 10)}`;
    case 1:
    case 2:
    case 3:
      return `session:${hex(j)}`;
    case 4:
    case 5:
    case 6:
      return `event:${day(j)}:${j}`;
    case 7:
      return `model:v${1 + (j % 9)}:run-${j}:metrics`;
    default:
      return `api:${ENDPOINTS[j % ENDPOINTS.length]}:${hex(j)}`;
  }
}

/** The first level of the tree for a cache of `count` (the harness knows only what it wrote). */
function topLevelNames(count) {
  const names = new Set([HUGE_KEY]);
  for (let i = 0; i < Math.min(count, userCount(count) + 10); i++) names.add(keyOf(i, count).split(':')[0]);
  return [...names];
}

module.exports = { keyOf, topLevelNames, userCount, EXPIRED_EVERY, HUGE_KEY, USER_GROUP };
