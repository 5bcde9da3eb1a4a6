<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="zh_CN">
<context>
    <name>BudgetTab</name>
    <message>
        <source>Owner unit / project</source>
        <translation>建设单位 / 项目</translation>
    </message>
    <message>
        <source>On list</source>
        <translation>纳入清单</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Budget</source>
        <translation>预算</translation>
    </message>
    <message>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <source>Approved estimate</source>
        <translation>批复概算</translation>
    </message>
    <message>
        <source>Planned, all years</source>
        <translation>历年计划合计</translation>
    </message>
    <message>
        <source>Findings</source>
        <translation>问题代码</translation>
    </message>
    <message>
        <source>Budget versus plan, %1 (10k yuan)</source>
        <translation>%1年度预算与投资计划对照（万元）</translation>
    </message>
    <message>
        <source>Grand total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>%1 (subtotal)</source>
        <translation>%1（小计）</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
</context>
<context>
    <name>ChecklistTab</name>
    <message>
        <source>Item</source>
        <translation>核查事项</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>条款</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Doc. number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Reason / remark</source>
        <translation>理由 / 备注</translation>
    </message>
    <message>
        <source>Art. %1</source>
        <translation>第%1条</translation>
    </message>
    <message>
        <source>Select a project in the project list.</source>
        <translation>请在项目清单中选择一个项目。</translation>
    </message>
    <message>
        <source>%1 — %2 · %3 · %4 10k yuan · %5 · %6</source>
        <translation>%1 — %2 · %3 · %4 万元 · %5 · %6</translation>
    </message>
    <message>
        <source>Completed: %1</source>
        <translation>建成日期：%1</translation>
    </message>
    <message>
        <source>%1 days left</source>
        <translation>剩余 %1 天</translation>
    </message>
    <message>
        <source>%1 days overdue</source>
        <translation>已逾期 %1 天</translation>
    </message>
    <message>
        <source>Acceptance due: %1 (%2)</source>
        <translation>验收期限：%1（%2）</translation>
    </message>
    <message>
        <source>Organized by DRC on the owner's application</source>
        <translation>由项目建设单位申请，区发展改革委组织验收</translation>
    </message>
    <message>
        <source>Organized by the owner, result filed with DRC</source>
        <translation>由项目建设单位自行组织验收，结果报区发展改革委备案</translation>
    </message>
    <message>
        <source>Result: %1</source>
        <translation>验收结果：%1</translation>
    </message>
    <message>
        <source>passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>Extension requested on %1</source>
        <translation>已于 %1 申请延期</translation>
    </message>
</context>
<context>
    <name>FindingsTableModel</name>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Severity</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>条款</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Art. %1</source>
        <translation>第%1条</translation>
    </message>
    <message>
        <source>project terminated</source>
        <translation>项目已终止</translation>
    </message>
    <message>
        <source>closed: %1</source>
        <translation>已关闭：%1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Projects</source>
        <translation>项目清单</translation>
    </message>
    <message>
        <source>Dossier checklist</source>
        <translation>审批材料核查</translation>
    </message>
    <message>
        <source>Budget vs plan</source>
        <translation>预算与计划</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>竣工验收</translation>
    </message>
    <message>
        <source>Deadlines</source>
        <translation>期限提醒</translation>
    </message>
    <message>
        <source>E&amp;xit</source>
        <translation>退出(&amp;X)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Re-run &amp;checks</source>
        <translation>重新检查(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;About ReviewDesk</source>
        <translation>关于 ReviewDesk(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>Plan year</source>
        <translation>计划年度</translation>
    </message>
    <message>
        <source>Today (for deadlines)</source>
        <translation>基准日期（计算期限）</translation>
    </message>
    <message>
        <source>(read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>%1 projects</source>
        <translation>共 %1 个项目</translation>
    </message>
    <message>
        <source>Blockers: %1  Errors: %2</source>
        <translation>阻断：%1  错误：%2</translation>
    </message>
    <message>
        <source>ReviewDesk — e-government project review</source>
        <translation>ReviewDesk — 政务信息化项目评审工作台</translation>
    </message>
    <message>
        <source>About ReviewDesk</source>
        <translation>关于 ReviewDesk</translation>
    </message>
    <message>
        <source>ReviewDesk %1

Review workbench for district e-government IT projects under the Jiangjin measures (江津府办发〔2022〕154号).</source>
        <translation>ReviewDesk %1

依据《江津区政务信息化项目建设管理办法》（江津府办发〔2022〕154号）开展政务信息化项目评审与管理的工作台。</translation>
    </message>
</context>
<context>
    <name>ProjectTableModel</name>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Owner unit</source>
        <translation>建设单位</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>建设性质</translation>
    </message>
    <message>
        <source>Total (10k yuan)</source>
        <translation>总投资（万元）</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>审批路径</translation>
    </message>
    <message>
        <source>Blockers</source>
        <translation>阻断</translation>
    </message>
    <message>
        <source>Errors</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
</context>
<context>
    <name>ProjectsTab</name>
    <message>
        <source>Search name, code or owner unit…</source>
        <extracomment>the project under the cursor (None when nothing is selected)</extracomment>
        <translation>搜索项目名称、编码或建设单位…</translation>
    </message>
    <message>
        <source>Has blockers / errors</source>
        <translation>有阻断/错误</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>建设性质</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Path</source>
        <translation>审批路径</translation>
    </message>
    <message>
        <source>All types</source>
        <translation>全部性质</translation>
    </message>
    <message>
        <source>All stages</source>
        <translation>全部阶段</translation>
    </message>
    <message>
        <source>All paths</source>
        <translation>全部路径</translation>
    </message>
    <message>
        <source>One-step</source>
        <translation>一步审批</translation>
    </message>
    <message>
        <source>Two-step</source>
        <translation>两步审批</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
    <message>
        <source>All years</source>
        <translation>全部年度</translation>
    </message>
    <message>
        <source>%1 of %2 projects</source>
        <translation>显示 %1 / 共 %2 个项目</translation>
    </message>
</context>
<context>
    <name>labels</name>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source>Upgrade/extension</source>
        <translation>改扩建</translation>
    </message>
    <message>
        <source>Continuation</source>
        <translation>续建</translation>
    </message>
    <message>
        <source>Service purchase</source>
        <translation>购买服务</translation>
    </message>
    <message>
        <source>Operation &amp; maintenance</source>
        <translation>运行维护</translation>
    </message>
    <message>
        <source>S0 Proposed</source>
        <translation>S0 需求申报</translation>
    </message>
    <message>
        <source>S1 Listed</source>
        <translation>S1 纳入清单</translation>
    </message>
    <message>
        <source>S2 Approval</source>
        <translation>S2 审批</translation>
    </message>
    <message>
        <source>S3 Planned</source>
        <translation>S3 纳入计划</translation>
    </message>
    <message>
        <source>S4 Construction</source>
        <translation>S4 建设实施</translation>
    </message>
    <message>
        <source>S5 Acceptance</source>
        <translation>S5 竣工验收</translation>
    </message>
    <message>
        <source>S6 Operation</source>
        <translation>S6 运行维护</translation>
    </message>
    <message>
        <source>S7 Evaluation</source>
        <translation>S7 绩效评价</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>正常</translation>
    </message>
    <message>
        <source>Deferred</source>
        <translation>暂缓</translation>
    </message>
    <message>
        <source>Suspended</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Terminated</source>
        <translation>终止</translation>
    </message>
    <message>
        <source>No approval (O&amp;M)</source>
        <translation>无需审批（运维）</translation>
    </message>
    <message>
        <source>Two-step</source>
        <translation>两步审批</translation>
    </message>
    <message>
        <source>One-step</source>
        <translation>一步审批</translation>
    </message>
    <message>
        <source>Blocker</source>
        <translation>阻断</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <source>Info</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺</translation>
    </message>
    <message>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <source>Approved/passed</source>
        <translation>已批复/通过</translation>
    </message>
    <message>
        <source>Not applicable</source>
        <translation>不适用</translation>
    </message>
</context>
</TS>