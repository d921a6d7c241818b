/**
 * Names that moved out of pulumi-cloudtrail in 0.2. Each stays only to say where it went: calling
 * one is a compile error whose message names the new package (its one parameter's type is that
 * message), and from JavaScript it throws the same words. Neither loads any emulator code.
 */

const MOVED =
  'the emulator moved to its own package: npm install --save-dev cloudtrail-emulator, then import { start } from "cloudtrail-emulator"' as const;

/** The message a caller of a moved name reads, in the compiler's error and at run time. */
export type EmulatorMoved = typeof MOVED;

/**
 * @deprecated Moved: `import { start } from "cloudtrail-emulator"` (a dev dependency of its own).
 * Always throws.
 */
export function startEmulator(_moved: EmulatorMoved): never {
  throw new Error(MOVED);
}

/**
 * @deprecated Moved: `import { EmulatorAdmin } from "cloudtrail-emulator"` (a dev dependency of
 * its own). Constructing it always throws.
 */
export class EmulatorAdmin {
  constructor(_moved: EmulatorMoved) {
    throw new Error(MOVED);
  }
}
