// The auto-healing Worker's entry point: a cron-triggered run, logged as one JSON line
// (visible in the Worker's logs). A run that cannot read its CONFIG throws, so the
// failure shows in the Workers dashboard rather than passing silently.
import { runAutoheal } from "./run";
import type { Env, ExecutionContext, ScheduledController } from "./runtime";

export default {
  async scheduled(controller: ScheduledController, env: Env, _ctx: ExecutionContext): Promise<void> {
    const report = await runAutoheal(env, controller.scheduledTime, (input, init) => fetch(input, init));
    console.log(JSON.stringify(report));
  },
};
