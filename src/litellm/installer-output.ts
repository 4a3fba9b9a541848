// Reading pip's and uv's output for progress: which phase the install is in and how many packages are done.

/** Why: the counter a progress line shows. */
export interface InstallCount {
  total: number;
  collected: number;
  status: string;
}

/** Why: the total a counter counts to: one `name==version` line per package in the hashed requirements file. */
export function packageCount(requirements: string): number {
  return requirements.split("\n").filter((line) => /^[A-Za-z0-9][^\s=]*==\S/.test(line)).length;
}

/** Why: pip prints "Collecting X" once per package, then one long silent "Installing collected packages"; uv prints
 * "Resolved/Prepared/Installed N packages". Each known line moves the counter or the phase; others change nothing. */
export function nextCount(count: InstallCount, line: string): InstallCount {
  if (/^Collecting \S/.test(line)) {
    const collected = Math.min(count.collected + 1, count.total);
    return { ...count, collected, status: `downloading packages ${collected}/${count.total}` };
  }
  if (/^Installing collected packages/.test(line)) return { ...count, collected: count.total, status: `installing ${count.total} packages` };
  const uv = /^(Resolved|Prepared|Installed) (\d+) packages?/.exec(line);
  if (uv) {
    const phase = { Resolved: "resolved", Prepared: "downloaded", Installed: "installed" }[uv[1] as "Resolved"];
    return { ...count, collected: Number(uv[2]), status: `${phase} ${uv[2]}/${count.total} packages` };
  }
  return count;
}
