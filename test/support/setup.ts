// Runs before every test file (vitest setupFiles). Test files share worker processes
// (isolate: false), so whatever a file starts for the process is stopped after it.
import { afterAll } from "vitest";
import { closeSharedProviderHost } from "../../offline-provider/provider-host";

afterAll(() => closeSharedProviderHost());
