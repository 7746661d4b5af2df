/**
 * @retrobridge/server — the reference server behind the `retrobridge` CLI.
 *
 * @since 0.1.0
 */
export { defaultServeOptions, redactStoreSpec, serverLayer, StartupError, storeLayer, type LogLevel, type ServeOptions } from "./Server.ts"
export { parseCommandLine, parseServeArgs, run, type CommandLine } from "./Cli.ts"
export { defaultWebDir, layerWebApp, webAppCsp } from "./WebApp.ts"
