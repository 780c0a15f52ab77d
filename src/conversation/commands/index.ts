// Every chat command, in the order they are tried. The first whose parse() accepts the text runs.
import { bind } from "./bind";
import { deliveryFailures } from "./delivery-failures";
import { help } from "./help";
import { myTasks } from "./my-tasks";
import { progress } from "./progress";
import { report } from "./report";
import { resendFailed } from "./resend";
import { taskDetail } from "./task-detail";
import { unreported } from "./unreported";

export const COMMANDS = [help, myTasks, unreported, progress, bind, deliveryFailures, resendFailed, taskDetail, report];
