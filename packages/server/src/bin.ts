#!/usr/bin/env node
/**
 * The `retrobridge` command.
 *
 * @since 0.1.0
 */
import { run } from "./Cli.ts"

run(process.argv.slice(2))
