import { fileURLToPath } from "node:url";

export const DASHBOARD_TEMPLATE_DIR = fileURLToPath(new URL("../../../templates/dashboard/", import.meta.url));
