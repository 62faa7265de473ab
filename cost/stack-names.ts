// Stack names as app.ts builds them. Repeated here (a test pins them to app.ts) so the
// config-side budget check needs no CDKTF import.
export const PLATFORM_STACK = "neuropilot-platform";

export function environmentStack(environment: string): string {
  return `neuropilot-${environment}`;
}
