// Types for the Grafana Foundation SDK's subpath imports under our tsconfig.
//
// The SDK is CommonJS and publishes each module only through package.json "exports"
// (`@grafana/grafana-foundation-sdk/dashboard` → dist/dashboard). Node and tsx follow
// "exports", so the imports work at run time; TypeScript's `moduleResolution: "node"`
// ignores "exports" and cannot find the types. These declarations point each subpath we
// use at its dist folder. Remove this file if tsconfig moves to `"module": "node16"`.
declare module "@grafana/grafana-foundation-sdk/cog" {
  export * from "@grafana/grafana-foundation-sdk/dist/cog";
}
declare module "@grafana/grafana-foundation-sdk/common" {
  export * from "@grafana/grafana-foundation-sdk/dist/common";
}
declare module "@grafana/grafana-foundation-sdk/dashboard" {
  export * from "@grafana/grafana-foundation-sdk/dist/dashboard";
}
declare module "@grafana/grafana-foundation-sdk/prometheus" {
  export * from "@grafana/grafana-foundation-sdk/dist/prometheus";
}
declare module "@grafana/grafana-foundation-sdk/stat" {
  export * from "@grafana/grafana-foundation-sdk/dist/stat";
}
declare module "@grafana/grafana-foundation-sdk/timeseries" {
  export * from "@grafana/grafana-foundation-sdk/dist/timeseries";
}
