// Waits until what the CLI wrote to stdout and stderr has been handed to the OS. A pipe to a
// slower reader (jq, iconv, ssh) holds 64 KB; the rest waits in the process, and exiting
// then cuts the output short (issue 20 item 4). A closed pipe (EPIPE) ends the wait too.
export async function drainStdio(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): Promise<void> {
  await Promise.all(
    streams.map(
      (s) =>
        new Promise<void>((resolve) => {
          if (s.destroyed || !s.writable) return resolve();
          s.once("error", () => resolve());
          // Written in order: its callback runs once everything before it is flushed.
          s.write("", () => resolve());
        }),
    ),
  );
}
