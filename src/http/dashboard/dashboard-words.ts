// templates/dashboard/words.zh-CN.yaml, loaded once: the words the dashboard's code chooses.
import { loadTemplates, type Templates } from "../../templates";
import { DASHBOARD_TEMPLATE_DIR } from "./template-dir";

let cached: Templates | undefined;

export function dashboardWords(): Templates {
  return (cached ??= loadTemplates(`${DASHBOARD_TEMPLATE_DIR}words.zh-CN.yaml`));
}
