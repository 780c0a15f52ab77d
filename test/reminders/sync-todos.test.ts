// DingTalk 待办 per open item (issue 23), against the fake DingTalk's todo API: created from the
// 蓝 rung on for each DingTalk liaison and due task, once; completed when the report is stored;
// removed on 销号.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDirectoryText } from "../../src/directory/load-directory";
import { importPlanFile } from "../../src/plan/import-file";
import { createDingtalkApiClient } from "../../src/platforms/dingtalk/api-client";
import { createTodoClient, type TodoClient } from "../../src/platforms/dingtalk/todo-client";
import { DEFAULT_LADDER, DEFAULT_SCHEDULE } from "../../src/reminders/schedule-config";
import { syncTodos } from "../../src/reminders/sync-todos";
import { createWorkCalendar } from "../../src/reminders/work-calendar";
import { loadTemplates } from "../../src/templates";
import { startFakeDingtalk, type FakeDingtalk } from "../fakes/dingtalk-api";
import { createTestDatabase, type TestDatabase } from "../helpers/test-database";

let database: TestDatabase;
let fake: FakeDingtalk;
let todos: TodoClient;
let deps: Parameters<typeof syncTodos>[0];

beforeAll(async () => {
  database = await createTestDatabase();
  await importPlanFile(database.db, "seeds/xuchang-2020-key-tasks.txt", { unitsFile: "seeds/units.yaml" });
  await loadDirectoryText(database.db, `members:\n  - { platform: dingtalk, user: "0001", name: 赵六, unit: 市档案馆 }\n`, "dir.yaml");
  fake = await startFakeDingtalk();
  todos = createTodoClient(createDingtalkApiClient({ apiBase: fake.base, appKey: "dingappkey", appSecret: "app-secret" }), { oapiBase: fake.base });
  deps = { db: database.db, templates: loadTemplates(), schedule: { ...DEFAULT_SCHEDULE, ladder: DEFAULT_LADDER }, calendar: createWorkCalendar() };
});
afterAll(async () => {
  await fake.close();
  await database.drop();
});

describe("DingTalk 待办", () => {
  it("is created per task and period from the 蓝 rung, completed by the report, removed by 销号", async () => {
    const sync = (iso: string) => syncTodos(deps, todos, new Date(iso), { publicUrl: "https://duban.example.gov.cn" });
    expect(await sync("2020-09-21T10:00:00+08:00")).toMatchObject({ created: 0 });
    expect(fake.todos.size).toBe(0);

    expect(await sync("2020-09-23T10:00:00+08:00")).toMatchObject({ created: 1, failed: 0 });
    const [id, todo] = [...fake.todos.entries()][0]!;
    const row = await database.db.todo.findFirstOrThrow();
    const task = await database.db.task.findUniqueOrThrow({ where: { id: row.taskId } });
    expect(todo.unionId).toBe("union-0001");
    expect(todo.body).toMatchObject({
      subject: `督办：第${task.no}项2020年第三季度进展报送（市档案馆）`,
      executorIds: ["union-0001"],
      dueTime: new Date("2020-09-30T18:00:00+08:00").getTime(),
      detailUrl: { appUrl: "https://duban.example.gov.cn", pcUrl: "https://duban.example.gov.cn" },
    });
    expect(row).toMatchObject({ vendorId: id, state: "open", period: "2020Q3", userId: "0001" });
    // Once: later passes create nothing more.
    expect(await sync("2020-09-24T10:00:00+08:00")).toMatchObject({ created: 0, completed: 0 });
    expect(fake.todos.size).toBe(1);

    await database.db.report.create({ data: { taskId: row.taskId, unitId: row.unitId, period: "2020Q3", text: "已完成档案数字化", platform: "dingtalk", userId: "0001" } });
    expect(await sync("2020-09-25T10:00:00+08:00")).toMatchObject({ completed: 1 });
    expect(fake.todos.get(id)).toMatchObject({ done: true, deleted: false });

    await database.db.task.update({ where: { id: row.taskId }, data: { closure: "closed", closedAt: new Date() } });
    expect(await sync("2020-09-28T10:00:00+08:00")).toMatchObject({ removed: 1 });
    expect(fake.todos.get(id)!.deleted).toBe(true);
    expect((await database.db.todo.findFirstOrThrow()).state).toBe("removed");
  });
});
