// Every chat command, in the order they are tried. The first whose parse() accepts the text runs.
// taskPlan comes before taskDetail and report: "第12项方案 …" would otherwise be read as a report.
// The 延期 and 异议 commands come before 办结 and report: "12项申请延期至6月底，原因是…" is no progress;
// extensionRefuse before extensionApprove: "不同意延期 12" contains "同意延期 12".
import { acknowledgement } from "./acknowledgement";
import { amend } from "./amend";
import { assign, openDecisionList } from "./assign";
import { bind } from "./bind";
import { closureConfirm, closureRequest, closureReturn } from "./closure";
import { duibiao } from "./duibiao";
import { extensionApprove, extensionRefuse, extensionRequest } from "./extension";
import { objectionAnswer, objectionRaise } from "./objection";
import { deliveryFailures } from "./delivery-failures";
import { help } from "./help";
import { leave } from "./leave";
import { setLeader } from "./set-leader";
import { supervisionSheet } from "./supervision-sheet";
import { myTasks } from "./my-tasks";
import { progress } from "./progress";
import { readMark } from "./read-mark";
import { report } from "./report";
import { sameAsLast } from "./same-as-last";
import { summary } from "./summary";
import { resendFailed } from "./resend";
import { taskDetail } from "./task-detail";
import { taskPlan } from "./task-plan";
import { tongbao } from "./tongbao";
import { unreported } from "./unreported";
import { urge } from "./urge";
import { withdraw } from "./withdraw";

export const COMMANDS = [help, leave, setLeader, supervisionSheet, myTasks, unreported, urge, progress, bind, assign, openDecisionList, deliveryFailures, resendFailed, tongbao, summary, extensionRefuse, extensionApprove, extensionRequest, objectionAnswer, objectionRaise, closureRequest, closureConfirm, closureReturn, duibiao, withdraw, amend, sameAsLast, readMark, acknowledgement, taskPlan, taskDetail, report];
