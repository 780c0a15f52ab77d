// A delivery worker in its own process, for the crash test: kill -9 it mid fan-out, start
// another, and see what arrives. Reads DATABASE_URL and FAKE_WECOM_BASE.
import { openDatabase } from "../../src/db/client";
import { createDeliveryWorker } from "../../src/delivery/delivery-worker";
import { groupDestinationResolver } from "../../src/delivery/group-destination";
import { createLogger } from "../../src/logger";
import { robotWebhookChannel } from "../../src/platforms/wecom/robot-webhook";

const { db } = await openDatabase(process.env.DATABASE_URL!);
const channel = robotWebhookChannel({ apiBase: process.env.FAKE_WECOM_BASE!, timeoutMs: 5_000 });
const worker = createDeliveryWorker({
  db,
  log: createLogger("silent"),
  resolve: groupDestinationResolver(db, { webhook: { wecom: () => channel }, byChatId: {} }),
  heartbeatMs: 300,
  pollMs: 100,
  windowMs: 1_000,
  ratePerWindow: 20,
  concurrency: 4,
});
worker.start();
process.stdout.write("ready\n");
process.on("SIGTERM", () => void worker.stop().then(() => process.exit(0)));
