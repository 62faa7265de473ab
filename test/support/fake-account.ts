// The adoption tests' fake account: the seed platform served by loopback fakes of the six
// APIs. It lives in offline-provider/simulator/seed-platform.ts, the one description of "the
// platform as it runs" that the rehearsal's adoption step seeds the simulated account from too.
export * from "../../offline-provider/simulator/seed-platform";
