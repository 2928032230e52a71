// Fault injection for the crash trials (test/integration/reliability): PARASCOPE_FAULT=<point> makes this process
// kill itself with SIGKILL when it reaches that point, so a trial can die exactly between two writes.
export function faultPoint(name: string): void {
  if (process.env['PARASCOPE_FAULT'] === name) process.kill(process.pid, 'SIGKILL');
}
