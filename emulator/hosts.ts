import { isIP } from "node:net";

/**
 * Which Host headers the emulator answers, as development servers guard against DNS rebinding (a
 * page of another site whose name is made to resolve to 127.0.0.1 reaches the emulator, but its
 * requests still carry that site's name as Host): `localhost` and its subdomains, the loopback
 * addresses, the address it is bound to (any address of the machine when bound to 0.0.0.0 or ::,
 * since an address names no site), and the names given in `allowed` (`.example.test` allows that
 * domain and its subdomains).
 */
export function hostAllowed(bound: string, allowed: readonly string[]): (hostHeader: string) => boolean {
  const boundName = bound.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  const wildcard = boundName === "0.0.0.0" || boundName === "::";
  const names = allowed.map((a) => a.toLowerCase());
  return (hostHeader) => {
    const name = hostName(hostHeader);
    if (name === "localhost" || name.endsWith(".localhost")) return true;
    if (name === boundName) return true;
    const ip = isIP(name);
    if (ip === 4 && (name.startsWith("127.") || wildcard)) return true;
    if (ip === 6 && (name === "::1" || wildcard)) return true;
    return names.some((a) => (a.startsWith(".") ? name === a.slice(1) || name.endsWith(a) : name === a));
  };
}

/** The host name of a Host header: lower case, without port, brackets or a trailing dot. */
function hostName(hostHeader: string): string {
  const lower = hostHeader.toLowerCase();
  const bracketed = /^\[([^\]]*)\]/.exec(lower);
  const name = bracketed ? bracketed[1] : lower.replace(/:\d*$/, "");
  return name.replace(/\.$/, "");
}
