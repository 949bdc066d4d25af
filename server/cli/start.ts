import type { Command } from 'commander';

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Start the hub (reads PORT, HOST, DATA_DIR, LOG_LEVEL from the environment).')
    .action(async () => {
      const { startHub } = await import('../main.ts');
      await startHub(process.env);
    });
}
