export function seedCommand(_args: string[]): Promise<number> {
  process.stderr.write('seed: not implemented yet\n');
  return Promise.resolve(1);
}
