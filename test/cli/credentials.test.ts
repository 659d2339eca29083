// Live data without the Procore credentials: the message names each variable that is missing.
import { describe, expect, test } from 'vitest';
import { runCli } from './spawn.ts';

const NONE = { PROCORE_CLIENT_ID: undefined, PROCORE_CLIENT_SECRET: undefined };
const ID = 'client-id-0123456789';
const SECRET = 'client-secret-0123456789';
const NEEDS = ": live Procore data needs the app's client credentials in the environment";

describe('missing Procore credentials → exit 2 naming the variable, before any request', () => {
  test.each([
    ['neither is set', {}, 'PROCORE_CLIENT_ID and PROCORE_CLIENT_SECRET are not set'],
    ['only the id is set', { PROCORE_CLIENT_ID: ID }, 'PROCORE_CLIENT_SECRET is not set'],
    ['only the secret is set', { PROCORE_CLIENT_SECRET: SECRET }, 'PROCORE_CLIENT_ID is not set'],
    ['the secret is blank', { PROCORE_CLIENT_ID: ID, PROCORE_CLIENT_SECRET: '  ' }, 'PROCORE_CLIENT_SECRET is empty'],
    ['one is blank, one unset', { PROCORE_CLIENT_ID: '' }, 'PROCORE_CLIENT_SECRET is not set and PROCORE_CLIENT_ID is empty'],
  ])('%s', (_name, env, problem) => {
    // An unreachable Procore: a request would fail with a different message.
    const r = runCli(['snapshot', '--live', '--set', 'procore.apiBaseUrl=http://127.0.0.1:9', '--set', 'procore.loginBaseUrl=http://127.0.0.1:9'], { env: { ...NONE, ...env } });
    expect(r).toMatchObject({ status: 2, stdout: '', stderr: `preflight: ${problem}${NEEDS}\nRun "preflight help snapshot" for usage.\n` });
  });
});
