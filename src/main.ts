/**
 * Entry of `npm start`: parses the options and runs the local cluster launcher (src/cli/).
 * Exit codes: 0 after a clean stop, 1 when the cluster could not start, 2 for bad options.
 */
import * as path from 'node:path';
import { ClusterLauncher, LaunchError } from './cli/cluster-launcher';
import { HELP_TEXT, OptionsError, parseOptions } from './cli/options';

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseOptions(argv);
  } catch (err) {
    if (err instanceof OptionsError) {
      process.stderr.write(`error: ${err.message}\nRun with --help for the options.\n`);
      return 2;
    }
    throw err;
  }
  if (command.kind === 'help') {
    process.stdout.write(`${HELP_TEXT}\n`);
    return 0;
  }
  // Compiled to dist/src/main.js; the apps are built next to it under dist/apps.
  const dist = path.resolve(__dirname, '..');
  const launcher = new ClusterLauncher(command.options, {
    node: path.join(dist, 'apps/node/src/main.js'),
    gateway: path.join(dist, 'apps/gateway/src/main.js'),
  });
  try {
    return await launcher.run();
  } catch (err) {
    if (err instanceof LaunchError) {
      process.stderr.write(`error: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`launcher crashed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
