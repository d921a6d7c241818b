/** One item of the harness test program (its spec, or config `test:items`). */
export interface ItemSpec {
  resource: string;
  name: string;
  value?: string;
  /** Take the value from another item's output: data flows between resources. */
  valueFrom?: string;
  keepName?: boolean;
  failAfterCreate?: boolean;
  dependsOn?: string[];
  /** Logged with `pulumi.log.warn` on the item. */
  warn?: string;
}
