import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/shared.js';

const pkg = JSON.parse(readFileSync(resolve(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
const tsxCli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', resolve(PROJECT_ROOT, 'src/cli/index.ts'), ...args], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
  });

describe('CLI skeleton', () => {
  it('prints the package version', () => {
    const out = execFileSync(
      process.execPath,
      ['--import', 'tsx', resolve(PROJECT_ROOT, 'src/cli/index.ts'), '--version'],
      {
        encoding: 'utf8',
      },
    );
    expect(out.trim()).toBe(pkg.version);
  });

  it('prints help naming the program', () => {
    const res = tsxCli(['--help']);
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('Usage: sobolev-distill');
  });

  it('rejects an unknown flag with one line and a non-zero exit', () => {
    const res = tsxCli(['--no-such-flag']);
    expect(res.status).not.toBe(0);
    expect(res.stderr).toContain("unknown option '--no-such-flag'");
    expect(res.stderr).not.toContain('    at ');
  });
});
