<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AcceptanceForm</name>
    <message>
        <source>Acceptance (Art 25)</source>
        <translation>竣工验收（第二十五条）</translation>
    </message>
    <message>
        <source>— no result yet —</source>
        <translation>— 尚无结果 —</translation>
    </message>
    <message>
        <source>Passed</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>未通过</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>DRC (major project)</source>
        <translation>区发展改革委（重大项目）</translation>
    </message>
    <message>
        <source>Owner unit (minor project)</source>
        <translation>项目建设单位（一般项目）</translation>
    </message>
    <message>
        <source>Completed on</source>
        <translation>建成日期</translation>
    </message>
    <message>
        <source>Applied to DRC on (major)</source>
        <translation>向区发展改革委申请日期（重大项目）</translation>
    </message>
    <message>
        <source>Organized on (minor)</source>
        <translation>组织验收日期（一般项目）</translation>
    </message>
    <message>
        <source>Organized by</source>
        <translation>验收组织方</translation>
    </message>
    <message>
        <source>Accepted on</source>
        <translation>验收日期</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>验收结果</translation>
    </message>
    <message>
        <source>Filed with DRC on (minor)</source>
        <translation>报区发展改革委备案日期（一般项目）</translation>
    </message>
    <message>
        <source>Extension requested on</source>
        <translation>申请延期日期</translation>
    </message>
    <message>
        <source>Extension reason</source>
        <translation>延期理由</translation>
    </message>
    <message>
        <source>Assessed at acceptance (Art 18, Art 14)</source>
        <translation>验收审查事项（第十八条、第十四条）</translation>
    </message>
    <message>
        <source>Security and reliability of software and hardware products</source>
        <translation>软硬件产品安全可靠情况</translation>
    </message>
    <message>
        <source>Crypto application and security review</source>
        <translation>密码应用和安全审查情况</translation>
    </message>
    <message>
        <source>Energy efficiency of hardware and any new data centre</source>
        <translation>硬件设备和新建数据中心能效</translation>
    </message>
    <message>
        <source>System integration (Art 14)</source>
        <translation>系统整合情况（第十四条）</translation>
    </message>
    <message>
        <source>Scope and depth of data sharing (Art 14)</source>
        <translation>数据资源共享的范围和程度（第十四条）</translation>
    </message>
    <message>
        <source>Save acceptance</source>
        <translation>保存验收信息</translation>
    </message>
    <message>
        <source>O&amp;M funding eligibility (Art 25, 28, 29)</source>
        <translation>运维经费安排条件（第二十五、二十八、二十九条）</translation>
    </message>
    <message>
        <source>No O&amp;M blocking reason recorded for this project.</source>
        <translation>本项目没有不予安排运维经费的情形。</translation>
    </message>
    <message>
        <source>Edit acceptance</source>
        <translation>修改验收信息</translation>
    </message>
</context>
<context>
    <name>AppController</name>
    <message>
        <source>process %1 on %2 (%3)</source>
        <extracomment>open-path refusals a backup can repair (database file, backup name) of a restore whose record waits for the reopened store</extracomment>
        <translation>计算机 %2 上的进程 %1（%3）</translation>
    </message>
    <message>
        <source>another program</source>
        <translation>其他程序</translation>
    </message>
    <message>
        <source>ReviewDesk</source>
        <translation>ReviewDesk</translation>
    </message>
    <message>
        <source>Database in use</source>
        <translation>数据库正在使用</translation>
    </message>
    <message>
        <source>The database is open for writing by %1.
Open it read-only?</source>
        <translation>该数据库正由%1以写入方式打开。
是否以只读方式打开？</translation>
    </message>
    <message>
        <source>Cannot open the database</source>
        <translation>无法打开数据库</translation>
    </message>
    <message>
        <source>on a network drive</source>
        <translation>位于网络驱动器上</translation>
    </message>
    <message>
        <source>on a removable drive</source>
        <translation>位于可移动磁盘（U 盘、移动硬盘）上</translation>
    </message>
    <message>
        <source>in a cloud-sync folder (OneDrive, Nutstore, Baidu Netdisk, WPS cloud…)</source>
        <translation>位于云同步文件夹中（OneDrive、坚果云、百度网盘、WPS 云文档等）</translation>
    </message>
    <message>
        <source>Database not on this computer</source>
        <translation>数据库不在本机磁盘上</translation>
    </message>
    <message>
        <source>The database %1 is %2.
There it can be damaged by a dropped connection, an unplugged drive or a sync program copying it half-written, and two computers can overwrite each other&apos;s work.
Copy it to this computer&apos;s data folder and open the copy (recommended), open it in place (rollback journal, locked exclusively while open), or open it read-only.</source>
        <translation>数据库 %1 %2。
在这里，网络中断、拔出磁盘或同步软件复制写了一半的文件都可能损坏数据库，两台电脑也可能互相覆盖对方的修改。
建议复制到本机数据目录并打开副本；也可以仍在原位置打开（使用回滚日志，打开期间独占锁定），或只读打开。</translation>
    </message>
    <message>
        <source>Copy to the local data folder and open</source>
        <translation>复制到本机数据目录并打开</translation>
    </message>
    <message>
        <source>Open in place</source>
        <translation>仍在原位置打开</translation>
    </message>
    <message>
        <source>Open read-only</source>
        <translation>只读打开</translation>
    </message>
    <message>
        <source>The copy failed (%1). Check that the data folder %2 is writable and has space.</source>
        <translation>复制失败（%1）。请检查数据文件夹 %2 是否可写、空间是否充足。</translation>
    </message>
    <message>
        <source>Cannot copy the database</source>
        <translation>无法复制数据库</translation>
    </message>
    <message>
        <source>Restore from a backup?</source>
        <translation>从备份恢复？</translation>
    </message>
    <message>
        <source>Restore the backup of %1? The current file is kept beside it.</source>
        <translation>是否恢复 %1 的备份？当前文件将保留在同一目录中。</translation>
    </message>
</context>
<context>
    <name>AttachmentsBox</name>
    <message>
        <source>Attachments</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Drop PDF, Word, Excel, OFD or image files here to attach them</source>
        <translation>把 PDF、Word、Excel、OFD 或图片文件拖到这里即可添加为附件</translation>
    </message>
    <message>
        <source>Add attachment…</source>
        <translation>添加附件…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Add attachment</source>
        <translation>添加附件</translation>
    </message>
    <message>
        <source>Dossier files (*.pdf *.doc *.docx *.xls *.xlsx *.wps *.et *.ofd *.jpg *.jpeg *.png *.tif *.tiff);;All files (*)</source>
        <translation>申报材料 (*.pdf *.doc *.docx *.xls *.xlsx *.wps *.et *.ofd *.jpg *.jpeg *.png *.tif *.tiff);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Attach %1</source>
        <translation>添加附件 %1</translation>
    </message>
    <message>
        <source>Remove attachment %1</source>
        <translation>移除附件 %1</translation>
    </message>
</context>
<context>
    <name>AuditJson</name>
    <message>
        <source>seed %1: %2 members and %3 alternates drawn from %4 eligible experts on %5</source>
        <translation>随机种子%1：从%4名符合条件的专家中抽取%2名专家、%3名候补（%5）</translation>
    </message>
    <message>
        <source>; specialties wanted: %1</source>
        <translation>；指定专业：%1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>partly</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>评分</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>评审问题</translation>
    </message>
    <message>
        <source>Chapters</source>
        <translation>章节意见</translation>
    </message>
</context>
<context>
    <name>AuditLabels</name>
    <message>
        <source>Project</source>
        <extracomment>an enum-like column&apos;s labels: stored value → text</extracomment>
        <translation>项目</translation>
    </message>
    <message>
        <source>Unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <source>Unit sanction/notice</source>
        <translation>单位处罚/通报</translation>
    </message>
    <message>
        <source>Registered system</source>
        <translation>已建信息系统</translation>
    </message>
    <message>
        <source>Participating unit</source>
        <translation>参建单位</translation>
    </message>
    <message>
        <source>Dossier document</source>
        <translation>审批材料</translation>
    </message>
    <message>
        <source>Chapter</source>
        <translation>章节</translation>
    </message>
    <message>
        <source>Approval step</source>
        <translation>审批环节</translation>
    </message>
    <message>
        <source>Change record</source>
        <translation>变更记录</translation>
    </message>
    <message>
        <source>Review opinion</source>
        <translation>审核意见</translation>
    </message>
    <message>
        <source>Dismissed finding</source>
        <translation>已忽略的提示</translation>
    </message>
    <message>
        <source>Project list entry</source>
        <translation>项目清单条目</translation>
    </message>
    <message>
        <source>Plan line</source>
        <translation>计划行</translation>
    </message>
    <message>
        <source>Budget line</source>
        <translation>预算行</translation>
    </message>
    <message>
        <source>Rolling plan line</source>
        <translation>滚动计划行</translation>
    </message>
    <message>
        <source>Acceptance</source>
        <translation>竣工验收</translation>
    </message>
    <message>
        <source>O&amp;M request</source>
        <translation>运维申请</translation>
    </message>
    <message>
        <source>Rectification order</source>
        <translation>整改通知</translation>
    </message>
    <message>
        <source>Performance evaluation</source>
        <translation>绩效评价</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>专家</translation>
    </message>
    <message>
        <source>Expert avoidance</source>
        <translation>专家回避</translation>
    </message>
    <message>
        <source>Review round</source>
        <translation>评审批次</translation>
    </message>
    <message>
        <source>Project of a round</source>
        <translation>批次项目</translation>
    </message>
    <message>
        <source>Expert of a round</source>
        <translation>批次专家</translation>
    </message>
    <message>
        <source>Expert review</source>
        <translation>专家评审意见</translation>
    </message>
    <message>
        <source>Review package record</source>
        <translation>评审包记录</translation>
    </message>
    <message>
        <source>Attachment</source>
        <translation>附件</translation>
    </message>
    <message>
        <source>Audit entry</source>
        <translation>审计记录</translation>
    </message>
    <message>
        <source>Audit checkpoint</source>
        <translation>审计签名点</translation>
    </message>
    <message>
        <source>Trusted signing key</source>
        <translation>信任的签名密钥</translation>
    </message>
    <message>
        <source>Database identity</source>
        <translation>数据库标识</translation>
    </message>
    <message>
        <source>Database</source>
        <translation>数据库</translation>
    </message>
    <message>
        <source>Rule setting</source>
        <translation>规则设置</translation>
    </message>
    <message>
        <source>Data file</source>
        <translation>数据文件</translation>
    </message>
    <message>
        <source>Expert review package</source>
        <translation>专家评审包</translation>
    </message>
    <message>
        <source>Row number</source>
        <translation>行号</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Content</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Document number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Approved on</source>
        <translation>批复日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>意见</translation>
    </message>
    <message>
        <source>Answers</source>
        <translation>逐项答复</translation>
    </message>
    <message>
        <source>Order</source>
        <translation>顺序</translation>
    </message>
    <message>
        <source>Created at</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Package number</source>
        <translation>评审包编号</translation>
    </message>
    <message>
        <source>SHA-256 digest</source>
        <translation>SHA-256 摘要</translation>
    </message>
    <message>
        <source>SM3 digest</source>
        <translation>SM3 摘要</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Project code</source>
        <translation>项目编码</translation>
    </message>
    <message>
        <source>Project name</source>
        <translation>项目名称</translation>
    </message>
    <message>
        <source>Owner unit</source>
        <translation>建设单位</translation>
    </message>
    <message>
        <source>Construction type</source>
        <translation>建设性质</translation>
    </message>
    <message>
        <source>Scale and content</source>
        <translation>建设规模及内容</translation>
    </message>
    <message>
        <source>Total investment</source>
        <translation>总投资</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Cross-department project</source>
        <translation>跨部门共建共享</translation>
    </message>
    <message>
        <source>Classified</source>
        <translation>涉密</translation>
    </message>
    <message>
        <source>New civil works</source>
        <translation>新建土建工程</translation>
    </message>
    <message>
        <source>High energy use</source>
        <translation>高耗能</translation>
    </message>
    <message>
        <source>On the district government cloud</source>
        <translation>部署于区政务云</translation>
    </message>
    <message>
        <source>Reason if not on the cloud</source>
        <translation>未上云理由</translation>
    </message>
    <message>
        <source>Non-compliant with crypto/cybersecurity (Art 28)</source>
        <translation>不符合密码应用和网络安全要求（第28条）</translation>
    </message>
    <message>
        <source>Should be integrated and is not (Art 29)</source>
        <translation>应整合而未整合（第29条）</translation>
    </message>
    <message>
        <source>System maintained (O&amp;M)</source>
        <translation>所维护的系统（运维项目）</translation>
    </message>
    <message>
        <source>Implementing agency</source>
        <translation>实施机构</translation>
    </message>
    <message>
        <source>Responsible person</source>
        <translation>负责人</translation>
    </message>
    <message>
        <source>Supervision unit</source>
        <translation>监理单位</translation>
    </message>
    <message>
        <source>Reason no supervision is needed</source>
        <translation>不需工程监理的理由</translation>
    </message>
    <message>
        <source>Procurement method</source>
        <translation>采购方式</translation>
    </message>
    <message>
        <source>Procurement date</source>
        <translation>采购日期</translation>
    </message>
    <message>
        <source>Latest MLPS evaluation</source>
        <translation>最近等保测评日期</translation>
    </message>
    <message>
        <source>Latest crypto assessment</source>
        <translation>最近密评日期</translation>
    </message>
    <message>
        <source>Setting</source>
        <translation>设置项</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>取值</translation>
    </message>
    <message>
        <source>Funding source</source>
        <translation>资金来源</translation>
    </message>
    <message>
        <source>Planned completion</source>
        <translation>计划完成日期</translation>
    </message>
    <message>
        <source>Completed on</source>
        <translation>完成日期</translation>
    </message>
    <message>
        <source>In operation since</source>
        <translation>投入运行日期</translation>
    </message>
    <message>
        <source>Contract signed on</source>
        <translation>合同签订日期</translation>
    </message>
    <message>
        <source>Supervision contract on</source>
        <translation>监理委托日期</translation>
    </message>
    <message>
        <source>Construction started on</source>
        <translation>开工日期</translation>
    </message>
    <message>
        <source>Delay reported on</source>
        <translation>延期报告日期</translation>
    </message>
    <message>
        <source>Scope differs from the approval</source>
        <translation>建设内容与批复不一致</translation>
    </message>
    <message>
        <source>Declared amount</source>
        <translation>申报金额</translation>
    </message>
    <message>
        <source>Reviewed amount</source>
        <translation>审定金额</translation>
    </message>
    <message>
        <source>FSR estimate</source>
        <translation>可研估算</translation>
    </message>
    <message>
        <source>Proposed budget estimate</source>
        <translation>报批概算</translation>
    </message>
    <message>
        <source>Contract amount</source>
        <translation>合同金额</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Unit name</source>
        <translation>单位名称</translation>
    </message>
    <message>
        <source>Short name</source>
        <translation>简称</translation>
    </message>
    <message>
        <source>Article</source>
        <translation>条款</translation>
    </message>
    <message>
        <source>Imposed on</source>
        <translation>处罚/通报日期</translation>
    </message>
    <message>
        <source>Lifted on</source>
        <translation>解除日期</translation>
    </message>
    <message>
        <source>System name</source>
        <translation>系统名称</translation>
    </message>
    <message>
        <source>System content</source>
        <translation>系统内容</translation>
    </message>
    <message>
        <source>Document</source>
        <translation>材料</translation>
    </message>
    <message>
        <source>Submitted on</source>
        <translation>提交日期</translation>
    </message>
    <message>
        <source>Approved/passed on</source>
        <translation>批复/通过日期</translation>
    </message>
    <message>
        <source>Reason not applicable</source>
        <translation>不适用理由</translation>
    </message>
    <message>
        <source>Evaluation method</source>
        <translation>评估方式</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>条目</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>已具备</translation>
    </message>
    <message>
        <source>Approved amount</source>
        <translation>批复金额</translation>
    </message>
    <message>
        <source>Approval number</source>
        <translation>批复文号</translation>
    </message>
    <message>
        <source>Request title</source>
        <translation>请示标题</translation>
    </message>
    <message>
        <source>Request number</source>
        <translation>请示文号</translation>
    </message>
    <message>
        <source>Approved scale</source>
        <translation>批复建设内容</translation>
    </message>
    <message>
        <source>Construction period</source>
        <translation>建设周期</translation>
    </message>
    <message>
        <source>Recorded on</source>
        <translation>记录日期</translation>
    </message>
    <message>
        <source>Description of the change</source>
        <translation>变更说明</translation>
    </message>
    <message>
        <source>New total investment</source>
        <translation>变更后总投资</translation>
    </message>
    <message>
        <source>Change approved on</source>
        <translation>变更批复日期</translation>
    </message>
    <message>
        <source>Change approval number</source>
        <translation>变更批复文号</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>审核人</translation>
    </message>
    <message>
        <source>Updated at</source>
        <translation>更新时间</translation>
    </message>
    <message>
        <source>Finding code</source>
        <translation>问题代码</translation>
    </message>
    <message>
        <source>Subject kind</source>
        <translation>对象类型</translation>
    </message>
    <message>
        <source>Subject number</source>
        <translation>对象编号</translation>
    </message>
    <message>
        <source>Finding key</source>
        <translation>问题标识</translation>
    </message>
    <message>
        <source>Dismissed by</source>
        <translation>忽略人</translation>
    </message>
    <message>
        <source>Dismissed at</source>
        <translation>忽略时间</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>纳入依据</translation>
    </message>
    <message>
        <source>Listed on</source>
        <translation>纳入日期</translation>
    </message>
    <message>
        <source>Consent on</source>
        <translation>区政府同意日期</translation>
    </message>
    <message>
        <source>Consent number</source>
        <translation>同意文号</translation>
    </message>
    <message>
        <source>Central funds</source>
        <translation>中央资金</translation>
    </message>
    <message>
        <source>Municipal funds</source>
        <translation>市级资金</translation>
    </message>
    <message>
        <source>District funds</source>
        <translation>区级资金</translation>
    </message>
    <message>
        <source>Invested by the end of last year</source>
        <translation>截至上年底完成投资</translation>
    </message>
    <message>
        <source>Work target of the year</source>
        <translation>年度工作目标</translation>
    </message>
    <message>
        <source>Budget code</source>
        <translation>预算项目编码</translation>
    </message>
    <message>
        <source>Rolling plan from</source>
        <translation>滚动计划起始年</translation>
    </message>
    <message>
        <source>Organized on</source>
        <translation>组织验收日期</translation>
    </message>
    <message>
        <source>Accepted on</source>
        <translation>验收日期</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>验收结果</translation>
    </message>
    <message>
        <source>Organizer</source>
        <translation>组织方</translation>
    </message>
    <message>
        <source>Filed on</source>
        <translation>备案日期</translation>
    </message>
    <message>
        <source>Extension requested on</source>
        <translation>申请延期日期</translation>
    </message>
    <message>
        <source>Reason for the extension</source>
        <translation>延期理由</translation>
    </message>
    <message>
        <source>Products reviewed</source>
        <translation>已审查软硬件产品</translation>
    </message>
    <message>
        <source>Crypto and security reviewed</source>
        <translation>已审查密码应用和网络安全</translation>
    </message>
    <message>
        <source>Energy use reviewed</source>
        <translation>已审查能耗</translation>
    </message>
    <message>
        <source>System integration reviewed</source>
        <translation>已审查系统整合</translation>
    </message>
    <message>
        <source>Data sharing reviewed</source>
        <translation>已审查数据共享</translation>
    </message>
    <message>
        <source>Requested on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Issued by</source>
        <translation>下发机关</translation>
    </message>
    <message>
        <source>Matter to rectify</source>
        <translation>整改事项</translation>
    </message>
    <message>
        <source>Issued on</source>
        <translation>下发日期</translation>
    </message>
    <message>
        <source>Deadline</source>
        <translation>整改期限</translation>
    </message>
    <message>
        <source>Closed on</source>
        <translation>办结日期</translation>
    </message>
    <message>
        <source>Escalation</source>
        <translation>升级措施</translation>
    </message>
    <message>
        <source>Report date</source>
        <translation>报告日期</translation>
    </message>
    <message>
        <source>Filed with DRC on</source>
        <translation>报区发展改革委日期</translation>
    </message>
    <message>
        <source>Filed with the finance bureau on</source>
        <translation>报区财政局日期</translation>
    </message>
    <message>
        <source>Users consulted</source>
        <translation>已征求用户意见</translation>
    </message>
    <message>
        <source>Third-party evaluation</source>
        <translation>第三方评价</translation>
    </message>
    <message>
        <source>Expert name</source>
        <translation>专家姓名</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>工作单位</translation>
    </message>
    <message>
        <source>Registered unit</source>
        <translation>所属单位</translation>
    </message>
    <message>
        <source>Specialties</source>
        <translation>专业领域</translation>
    </message>
    <message>
        <source>In the pool</source>
        <translation>在库</translation>
    </message>
    <message>
        <source>Registered key</source>
        <translation>登记的公钥</translation>
    </message>
    <message>
        <source>Registered public key</source>
        <translation>登记的公钥（完整）</translation>
    </message>
    <message>
        <source>Key registered at</source>
        <translation>公钥登记时间</translation>
    </message>
    <message>
        <source>Name of the key</source>
        <translation>密钥名称</translation>
    </message>
    <message>
        <source>Trusted at</source>
        <translation>信任时间</translation>
    </message>
    <message>
        <source>Trusted by</source>
        <translation>设为信任者</translation>
    </message>
    <message>
        <source>Unit to avoid</source>
        <translation>回避单位</translation>
    </message>
    <message>
        <source>Round identifier</source>
        <translation>批次标识</translation>
    </message>
    <message>
        <source>Round name</source>
        <translation>批次名称</translation>
    </message>
    <message>
        <source>Scoring rubric</source>
        <translation>评分细则</translation>
    </message>
    <message>
        <source>Draw seed</source>
        <translation>抽取种子</translation>
    </message>
    <message>
        <source>Draw record</source>
        <translation>抽取记录</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>Role in the round</source>
        <translation>批次身份</translation>
    </message>
    <message>
        <source>Suggested amount</source>
        <translation>建议金额</translation>
    </message>
    <message>
        <source>Received at</source>
        <translation>收回时间</translation>
    </message>
    <message>
        <source>Direction</source>
        <translation>方向</translation>
    </message>
    <message>
        <source>Merged at</source>
        <translation>合并时间</translation>
    </message>
    <message>
        <source>Package sequence</source>
        <translation>评审包序号</translation>
    </message>
    <message>
        <source>Issuer key</source>
        <translation>签发方密钥</translation>
    </message>
    <message>
        <source>Recipient key</source>
        <translation>接收方密钥</translation>
    </message>
    <message>
        <source>Checklist item</source>
        <translation>材料项</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>大小</translation>
    </message>
    <message>
        <source>File name</source>
        <translation>文件名</translation>
    </message>
    <message>
        <source>File type</source>
        <translation>文件类型</translation>
    </message>
    <message>
        <source>Attached at</source>
        <translation>添加时间</translation>
    </message>
    <message>
        <source>Attached by</source>
        <translation>添加人</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Key of the person</source>
        <translation>操作人密钥</translation>
    </message>
    <message>
        <source>Kind of record</source>
        <translation>记录类型</translation>
    </message>
    <message>
        <source>Record number</source>
        <translation>记录编号</translation>
    </message>
    <message>
        <source>Operation</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Old values</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New values</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>摘要</translation>
    </message>
    <message>
        <source>Previous hash</source>
        <translation>前一条哈希</translation>
    </message>
    <message>
        <source>Hash</source>
        <translation>哈希</translation>
    </message>
    <message>
        <source>Head hash</source>
        <translation>链头哈希</translation>
    </message>
    <message>
        <source>Signature algorithm</source>
        <translation>签名算法</translation>
    </message>
    <message>
        <source>Key identifier</source>
        <translation>密钥标识</translation>
    </message>
    <message>
        <source>Public key</source>
        <translation>公钥</translation>
    </message>
    <message>
        <source>Signature</source>
        <translation>签名</translation>
    </message>
    <message>
        <source>Added</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>Deleted</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Imported</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Merged</source>
        <translation>合并</translation>
    </message>
    <message>
        <source>Restored</source>
        <translation>恢复</translation>
    </message>
    <message>
        <source>Key registered</source>
        <translation>登记公钥</translation>
    </message>
    <message>
        <source>Key replaced</source>
        <translation>更换公钥</translation>
    </message>
    <message>
        <source>Trail accepted</source>
        <translation>确认审计记录</translation>
    </message>
    <message>
        <source>Self-evaluation</source>
        <translation>自评</translation>
    </message>
    <message>
        <source>Expert panel review</source>
        <translation>组织专家评审</translation>
    </message>
    <message>
        <source>Third-party consultancy</source>
        <translation>委托第三方咨询机构</translation>
    </message>
    <message>
        <source>Evaluation opinion</source>
        <translation>评估意见</translation>
    </message>
    <message>
        <source>Framework element</source>
        <translation>框架要素</translation>
    </message>
    <message>
        <source>Department in the technical review</source>
        <translation>技术审查参与部门</translation>
    </message>
    <message>
        <source>Assessment period (months)</source>
        <translation>测评周期（月）</translation>
    </message>
    <message>
        <source>Delay before reporting (months)</source>
        <translation>严重逾期期限（月）</translation>
    </message>
    <message>
        <source>Art 28 (crypto/cybersecurity)</source>
        <translation>第28条（密码应用和网络安全）</translation>
    </message>
    <message>
        <source>Art 29 (should be integrated)</source>
        <translation>第29条（应整合而未整合）</translation>
    </message>
    <message>
        <source>DRC</source>
        <translation>区发展改革委</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Alternate</source>
        <translation>候补</translation>
    </message>
    <message>
        <source>Sent out</source>
        <translation>发出</translation>
    </message>
    <message>
        <source>Returned</source>
        <translation>收回</translation>
    </message>
    <message>
        <source>JSON data imported: </source>
        <translation>导入 JSON 数据：</translation>
    </message>
    <message>
        <source>Department submission imported: </source>
        <translation>导入部门申报表：</translation>
    </message>
    <message>
        <source>Expert review package merged: </source>
        <translation>合并专家评审包：</translation>
    </message>
    <message>
        <source>Undo/redo</source>
        <translation>撤销/重做</translation>
    </message>
    <message>
        <source>Expert key registered: </source>
        <translation>登记专家公钥：</translation>
    </message>
    <message>
        <source>Expert key replaced: </source>
        <translation>更换专家公钥：</translation>
    </message>
    <message>
        <source>Database restored from a backup: </source>
        <translation>从备份恢复数据库：</translation>
    </message>
    <message>
        <source>Audit trail accepted as it is now</source>
        <translation>已确认数据库当前的审计记录</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>year %1</source>
        <translation>%1年度</translation>
    </message>
    <message>
        <source>%1 #%2</source>
        <translation>%1 #%2</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1「%2」</translation>
    </message>
    <message>
        <source>%1 (10k yuan)</source>
        <translation>%1 万元</translation>
    </message>
</context>
<context>
    <name>AuditLogDialog</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>Search text, values or row number</source>
        <translation>搜索文字、数值或行号</translation>
    </message>
    <message>
        <source>Verify</source>
        <translation>校验</translation>
    </message>
    <message>
        <source>Check every entry&apos;s hash, the links, the signed checkpoints and their keys, and the head this computer saw last</source>
        <translation>校验每条记录的哈希、链接、签名检查点及其密钥，以及本机上次见到的链头</translation>
    </message>
    <message>
        <source>Keys that signed checkpoints</source>
        <translation>签署检查点的密钥</translation>
    </message>
    <message>
        <source>Fingerprint</source>
        <translation>指纹</translation>
    </message>
    <message>
        <source>Whose</source>
        <translation>归属</translation>
    </message>
    <message>
        <source>Checkpoints</source>
        <translation>检查点数</translation>
    </message>
    <message>
        <source>Entries signed</source>
        <translation>签名覆盖的记录</translation>
    </message>
    <message>
        <source>Last signed</source>
        <translation>最近签名时间</translation>
    </message>
    <message>
        <source>Mark as trusted…</source>
        <translation>设为信任…</translation>
    </message>
    <message>
        <source>A key of one of your own DRC computers: its checkpoints are no longer reported</source>
        <translation>本单位其他工作站的密钥：其签名的检查点不再报告为问题</translation>
    </message>
    <message>
        <source>Remove trust</source>
        <translation>取消信任</translation>
    </message>
    <message>
        <source>All kinds</source>
        <translation>全部类别</translation>
    </message>
    <message>
        <source>Everyone</source>
        <translation>全部人员</translation>
    </message>
    <message>
        <source>(no name)</source>
        <translation>（未署名）</translation>
    </message>
    <message>
        <source>%1 entries shown (newest first)</source>
        <translation>显示 %1 条记录（最新的在前）</translation>
    </message>
    <message>
        <source>This computer</source>
        <translation>本机</translation>
    </message>
    <message>
        <source>Trusted: %1</source>
        <translation>已信任：%1</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>Trust this key</source>
        <translation>信任该密钥</translation>
    </message>
    <message>
        <source>Trust the key %1 (checkpoints %2–%3) as one of your own DRC computers?
Name of the computer or its user:</source>
        <translation>将密钥 %1（签署第 %2–%3 条处的检查点）设为本单位工作站的可信密钥？
该电脑或其使用人的名称：</translation>
    </message>
</context>
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
        <translation>问题</translation>
    </message>
    <message>
        <source>Plan amount in 10k yuan; empty removes the line</source>
        <translation>计划金额（万元），清空则删除该行</translation>
    </message>
    <message>
        <source>Budget amount in 10k yuan; empty removes the line</source>
        <translation>预算金额（万元），清空则删除该行</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Owner unit</source>
        <translation>建设单位</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>There is no 3-year rolling plan starting in %1 (%1–%2) in this database. Departments propose their annual plans from the district&apos;s 3-year rolling plan (Art 8); its lines are loaded with the data exchange file (reviewdesk import-json, table rolling_lines in docs/data-format.md).</source>
        <translation>本数据库中没有自 %1 年起（%1—%2 年）的3年滚动规划。区级各部门按照区政府投资项目3年滚动规划提出年度建设计划（第八条）；滚动规划数据通过数据交换文件导入（reviewdesk import-json，格式见 docs/data-format.md 中的 rolling_lines 表）。</translation>
    </message>
    <message>
        <source>Editions on file: %1.</source>
        <translation>库中已有的滚动规划：%1。</translation>
    </message>
    <message>
        <source>Show the %1–%2 edition</source>
        <translation>查看 %1—%2 年滚动规划</translation>
    </message>
    <message>
        <source>Amount not accepted</source>
        <translation>金额无效</translation>
    </message>
    <message>
        <source>Edit plan amount</source>
        <translation>修改计划金额</translation>
    </message>
    <message>
        <source>Edit budget amount</source>
        <translation>修改预算金额</translation>
    </message>
    <message>
        <source>Plan and budget findings of the current project</source>
        <translation>当前项目的计划与预算问题</translation>
    </message>
    <message>
        <source>Plan and budget findings of the current project (all years): %1</source>
        <translation>当前项目的计划与预算问题（各年度）：%1 条</translation>
    </message>
    <message>
        <source>No plan or budget findings for the current project.</source>
        <translation>当前项目没有计划与预算方面的问题。</translation>
    </message>
    <message>
        <source>%1–%2</source>
        <translation>%1—%2年</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Declared</source>
        <translation>申报金额</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>审定金额</translation>
    </message>
    <message>
        <source>FSR estimate</source>
        <translation>可研估算</translation>
    </message>
    <message>
        <source>FSR approved</source>
        <translation>可研批复估算</translation>
    </message>
    <message>
        <source>Budget estimate proposed</source>
        <translation>报批概算</translation>
    </message>
    <message>
        <source>Approved budget estimate</source>
        <translation>批复概算</translation>
    </message>
    <message>
        <source>Plan by year</source>
        <translation>各年度计划</translation>
    </message>
    <message>
        <source>Budget by year</source>
        <translation>各年度预算</translation>
    </message>
    <message>
        <source>Contract</source>
        <translation>合同金额</translation>
    </message>
    <message>
        <source>Paid</source>
        <translation>已支付</translation>
    </message>
    <message>
        <source>Amounts in 10k yuan</source>
        <translation>金额单位：万元</translation>
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
        <source>Annual plan and budget</source>
        <translation>年度计划与预算</translation>
    </message>
    <message>
        <source>3-year rolling plan</source>
        <translation>三年滚动规划</translation>
    </message>
    <message>
        <source>Money trail</source>
        <translation>资金链</translation>
    </message>
    <message>
        <source>Budget versus plan, %1 (10k yuan) — double-click a plan or budget amount to edit it</source>
        <translation>%1年度预算与投资计划对照（万元）— 双击计划或预算金额可直接修改</translation>
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
        <source>(%1 files)</source>
        <translation>（附件 %1 个）</translation>
    </message>
    <message>
        <source>Not yet due</source>
        <translation>未到期</translation>
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
        <source>Review form</source>
        <translation>评审表</translation>
    </message>
    <message>
        <source>Acceptance facts</source>
        <translation>验收信息</translation>
    </message>
    <message>
        <source>Operation and maintenance projects have no completion acceptance: the system they maintain was accepted when it was built (Art 25).</source>
        <translation>运行维护项目不组织竣工验收：所维护的系统已在建设完成时通过竣工验收（第二十五条）。</translation>
    </message>
    <message>
        <source>Acceptance is not due yet: the project is at stage %1 and not completed. Within 6 months of completion the owner applies to DRC (major project) or organizes the acceptance itself and files the result (Art 25); the materials below are needed then. Enter the completion date under Acceptance facts once the project is built.</source>
        <translation>竣工验收尚未到期：项目处于“%1”阶段，尚未建成。项目建成后6个月内，重大项目由建设单位向区发展改革委申请验收，一般项目由建设单位自行组织验收并将结果报区发展改革委备案（第二十五条）；届时需提交下列材料。项目建成后请在“验收信息”中填写建成日期。</translation>
    </message>
    <message>
        <source>Completed: %1</source>
        <translation>建成日期：%1</translation>
    </message>
    <message>
        <source>begun on %1, in time</source>
        <translation>%1 已按期开始</translation>
    </message>
    <message>
        <source>begun on %1, %2 days late</source>
        <translation>%1 才开始，逾期 %2 天</translation>
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
        <source>Organized by DRC on the owner&apos;s application</source>
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
    <name>CurrentProject</name>
    <message>
        <source>No current project: select one in the project list.</source>
        <translation>尚未选择当前项目：请在项目清单中选择。</translation>
    </message>
    <message>
        <source>Current project: %1 %2</source>
        <translation>当前项目：%1 %2</translation>
    </message>
</context>
<context>
    <name>DayEdit</name>
    <message>
        <source>Pick the day from a calendar</source>
        <translation>从日历中选择日期</translation>
    </message>
</context>
<context>
    <name>DeadlinesTab</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Owner unit</source>
        <translation>建设单位</translation>
    </message>
    <message>
        <source>All units</source>
        <translation>全部单位</translation>
    </message>
</context>
<context>
    <name>DocumentActions</name>
    <message>
        <source>Annual project list</source>
        <translation>年度项目清单</translation>
    </message>
    <message>
        <source>Annual investment plan</source>
        <translation>年度投资计划表</translation>
    </message>
    <message>
        <source>3-year rolling plan</source>
        <translation>三年滚动规划</translation>
    </message>
    <message>
        <source>Budget versus plan reconciliation</source>
        <translation>预算与计划对照表</translation>
    </message>
    <message>
        <source>File in use</source>
        <translation>文件被占用</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>另存为</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Problems in the submission</source>
        <translation>申报表中的问题</translation>
    </message>
    <message>
        <source>%1 problem(s) found; nothing has been imported. %2 row(s) are valid.</source>
        <translation>发现 %1 个问题，尚未导入任何数据。有效行 %2 行。</translation>
    </message>
    <message>
        <source>Sheet</source>
        <translation>工作表</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Save report…</source>
        <translation>保存报告…</translation>
    </message>
    <message>
        <source>Export error list…</source>
        <translation>导出错误清单…</translation>
    </message>
    <message>
        <source>Import the valid rows</source>
        <translation>仅导入有效行</translation>
    </message>
    <message>
        <source>Save report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>Export error list</source>
        <translation>导出错误清单</translation>
    </message>
    <message>
        <source> (Excel)…</source>
        <extracomment>a file was written (the window says where and offers to open it) a short result for the status bar (an import&apos;s counts) an entry was added to the audit trail without a data change (a draft written)</extracomment>
        <translation>（Excel）…</translation>
    </message>
    <message>
        <source>Dossier checklist of the selected project (PDF)…</source>
        <translation>所选项目的审批材料核查表（PDF）…</translation>
    </message>
    <message>
        <source>Acceptance checklist of the selected project (PDF)…</source>
        <translation>所选项目的竣工验收核查表（PDF）…</translation>
    </message>
    <message>
        <source>Approval reply, one-step (Word)…</source>
        <translation>批复：可行性研究报告及概算（Word）…</translation>
    </message>
    <message>
        <source>Approval reply, feasibility study (Word)…</source>
        <translation>批复：可行性研究报告（Word）…</translation>
    </message>
    <message>
        <source>Approval reply, design and estimate (Word)…</source>
        <translation>批复：初步设计及概算（Word）…</translation>
    </message>
    <message>
        <source>Expert review opinion (Word)…</source>
        <translation>专家评审意见（Word）…</translation>
    </message>
    <message>
        <source>Blank submission template (Excel)…</source>
        <translation>空白申报模板（Excel）…</translation>
    </message>
    <message>
        <source>Import department submissions (Excel)…</source>
        <translation>导入部门申报表（Excel）…</translation>
    </message>
    <message>
        <source>Projects of the year as a submission workbook (Excel)…</source>
        <translation>本年度项目申报表（Excel，可再导入）…</translation>
    </message>
    <message>
        <source>Export submission workbook</source>
        <translation>导出项目申报表</translation>
    </message>
    <message>
        <source>No project selected</source>
        <translation>未选择项目</translation>
    </message>
    <message>
        <source>Select a project in the project list first.</source>
        <translation>请先在项目清单中选择一个项目。</translation>
    </message>
    <message>
        <source>Export checklist</source>
        <translation>导出核查表</translation>
    </message>
    <message>
        <source>Export opinion</source>
        <translation>导出意见</translation>
    </message>
    <message>
        <source>Submission template</source>
        <translation>申报模板</translation>
    </message>
    <message>
        <source>Import submissions</source>
        <translation>导入申报表</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>Imported %1: %2 created, %3 updated, %4 rows skipped.</source>
        <translation>已导入 %1：新建 %2 个项目，更新 %3 个，跳过 %4 行。</translation>
    </message>
</context>
<context>
    <name>ExpertReviewForm</name>
    <message>
        <source>Questions (Art 8, 18, 19, 20)</source>
        <translation>评审问题（第8、18、19、20条）</translation>
    </message>
    <message>
        <source>(Art %1)</source>
        <translation>（第%1条）</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Partly</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Chapters of the feasibility study (Art 14)</source>
        <translation>可行性研究报告章节（第14条）</translation>
    </message>
    <message>
        <source>Missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>薄弱</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>完备</translation>
    </message>
    <message>
        <source>Scores (0–100 per criterion)</source>
        <translation>评分（每项0–100分）</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>评审结论</translation>
    </message>
    <message>
        <source>— not decided —</source>
        <translation>— 未定 —</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Agree in principle, revise before approval</source>
        <translation>原则同意，修改后报批</translation>
    </message>
    <message>
        <source>Do not agree</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>Suggested investment (10k yuan)</source>
        <translation>建议投资（万元）</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>评审意见</translation>
    </message>
</context>
<context>
    <name>ExpertsTab</name>
    <message>
        <source>Expert pool</source>
        <extracomment>asked before a second return replaces the first (tests replace it)</extracomment>
        <translation>专家库</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>所在单位</translation>
    </message>
    <message>
        <source>Specialties</source>
        <translation>专业领域</translation>
    </message>
    <message>
        <source>Avoids</source>
        <translation>回避单位</translation>
    </message>
    <message>
        <source>Register key file…</source>
        <translation>登记公钥文件…</translation>
    </message>
    <message>
        <source>Register the public key file the selected expert exported; returns must be signed with it</source>
        <translation>登记所选专家导出的公钥文件；其回传的评审包必须用该密钥签名</translation>
    </message>
    <message>
        <source>e.g. 网络安全、数据共享</source>
        <translation>如：网络安全、数据共享</translation>
    </message>
    <message>
        <source>Registered unit</source>
        <translation>对应登记单位</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>联系方式</translation>
    </message>
    <message>
        <source>Units to avoid</source>
        <translation>须回避的单位</translation>
    </message>
    <message>
        <source>Add expert</source>
        <translation>添加专家</translation>
    </message>
    <message>
        <source>Review rounds</source>
        <translation>评审批次</translation>
    </message>
    <message>
        <source>Name of a new round</source>
        <translation>新评审批次名称</translation>
    </message>
    <message>
        <source>Create round with checked projects</source>
        <translation>用勾选的项目创建批次</translation>
    </message>
    <message>
        <source>Find projects by code or name…</source>
        <translation>按项目编码或名称查找项目…</translation>
    </message>
    <message>
        <source>Round</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Wanted specialties</source>
        <translation>所需专业</translation>
    </message>
    <message>
        <source>Propose</source>
        <translation>推荐专家</translation>
    </message>
    <message>
        <source>Seed (empty: random)</source>
        <translation>随机种子（留空则随机）</translation>
    </message>
    <message>
        <source>Random draw</source>
        <translation>随机抽取</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>专家人数</translation>
    </message>
    <message>
        <source>Alternates</source>
        <translation>候补人数</translation>
    </message>
    <message>
        <source>Confirm checked experts</source>
        <translation>确认勾选的专家</translation>
    </message>
    <message>
        <source>Export packages…</source>
        <translation>导出评审包…</translation>
    </message>
    <message>
        <source>Import return package…</source>
        <translation>导入返回评审包…</translation>
    </message>
    <message>
        <source>Group opinion (Word)…</source>
        <translation>专家组意见（Word）…</translation>
    </message>
    <message>
        <source>Scores (Excel)…</source>
        <translation>评分表（Excel）…</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Expert</source>
        <translation>专家</translation>
    </message>
    <message>
        <source>Weighted total</source>
        <translation>加权总分</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>评审结论</translation>
    </message>
    <message>
        <source>Dissent</source>
        <translation>不同意见</translation>
    </message>
    <message>
        <source>— none —</source>
        <translation>— 无 —</translation>
    </message>
    <message>
        <source>%1 (%2 projects, %3 experts)</source>
        <translation>%1（%2个项目，%3名专家）</translation>
    </message>
    <message>
        <source> (alternate)</source>
        <translation>（候补）</translation>
    </message>
    <message>
        <source>Last draw seed: %1</source>
        <translation>上次抽取的随机种子：%1</translation>
    </message>
    <message>
        <source>Mean / spread</source>
        <translation>平均 / 极差</translation>
    </message>
    <message>
        <source>Showing %1 of %2 projects: type part of a code or name above to find the others.</source>
        <translation>显示 %1 / 共 %2 个项目：在上方输入编码或名称的一部分以查找其他项目。</translation>
    </message>
    <message>
        <source>conflict: %1</source>
        <translation>利益冲突：%1</translation>
    </message>
    <message>
        <source>The seed must be a whole number.</source>
        <translation>随机种子应为整数。</translation>
    </message>
    <message>
        <source>Drawn with seed %1; confirm the list.</source>
        <translation>已按随机种子 %1 抽取，请确认名单。</translation>
    </message>
    <message>
        <source>Export review packages</source>
        <translation>导出评审包</translation>
    </message>
    <message>
        <source>%1 packages written to %2</source>
        <translation>已导出 %1 个评审包到 %2</translation>
    </message>
    <message>
        <source>Replace the earlier return?</source>
        <translation>替换先前的评审意见？</translation>
    </message>
    <message>
        <source>%1 already returned this round. Replace the earlier review with this one?</source>
        <translation>%1 已返回过该批次的评审意见。是否用本次的替换？</translation>
    </message>
    <message>
        <source>No differences.</source>
        <translation>没有差异。</translation>
    </message>
    <message>
        <source>Select an expert to see or register their key.</source>
        <translation>选择一位专家，查看或登记其公钥。</translation>
    </message>
    <message>
        <source>%1: no registered key (the first return will ask you to confirm its fingerprint).</source>
        <translation>%1：未登记公钥（导入其第一个评审包时须核对指纹）。</translation>
    </message>
    <message>
        <source>%1: key %2 (registered %3)</source>
        <translation>%1：公钥 %2（%3 登记）</translation>
    </message>
    <message>
        <source>Expert&apos;s key file</source>
        <translation>专家公钥文件</translation>
    </message>
    <message>
        <source>Expert key (*.rdkey);;All files (*)</source>
        <translation>专家公钥 (*.rdkey);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Register this key for %1?

Fingerprint: %2

Compare it digit by digit with the fingerprint the expert reads out to you by phone.</source>
        <translation>为专家“%1”登记该公钥？

指纹：%2

请与专家电话报出的指纹逐位核对。</translation>
    </message>
    <message>
        <source>This REPLACES the key registered now (%1): returns signed with the old key will be refused. The change is recorded in the audit log.</source>
        <translation>这将【替换】现已登记的公钥（%1）：用旧密钥签名的评审包将被拒绝。此次更换记入审计日志。</translation>
    </message>
    <message>
        <source>Register expert key</source>
        <translation>登记专家公钥</translation>
    </message>
    <message>
        <source>Key %1 registered for %2.</source>
        <translation>已为专家“%2”登记公钥 %1。</translation>
    </message>
    <message>
        <source>%1 has no registered key. This return is signed with the key

%2

Call the expert and compare this fingerprint with the one they read out. Register the key and merge the return?</source>
        <translation>专家“%1”没有登记公钥。该评审包由以下指纹的密钥签名：

%2

请打电话请专家报出其公钥指纹，逐位核对。核对一致后，登记该公钥并合并评审包？</translation>
    </message>
    <message>
        <source>Unregistered expert key</source>
        <translation>专家公钥未登记</translation>
    </message>
    <message>
        <source>Import return package</source>
        <translation>导入返回评审包</translation>
    </message>
    <message>
        <source>Review package (*.rdpkg)</source>
        <translation>评审包 (*.rdpkg)</translation>
    </message>
    <message>
        <source>Package refused, nothing was changed: %1</source>
        <translation>评审包被拒绝，未作任何修改：%1</translation>
    </message>
    <message>
        <source>Merged the review of %1 (%2 projects).</source>
        <translation>已导入%1的评审意见（%2个项目）。</translation>
    </message>
    <message>
        <source>Their key %1 is registered now.</source>
        <translation>其公钥 %1 已登记。</translation>
    </message>
    <message>
        <source>Word document (*.docx)</source>
        <translation>Word 文档 (*.docx)</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Written: %1</source>
        <translation>已导出：%1</translation>
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
    <name>ItemEditor</name>
    <message>
        <source>Required for &apos;not applicable&apos;</source>
        <extracomment>the parts a document kind records: (part, labels, the DocumentFacts attribute holding them)</extracomment>
        <translation>标为“不适用”时必填</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Submitted on</source>
        <translation>提交日期</translation>
    </message>
    <message>
        <source>Approved on</source>
        <translation>批复日期</translation>
    </message>
    <message>
        <source>Doc. number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Reason (N/A)</source>
        <translation>不适用理由</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Contents</source>
        <translation>内容要素</translation>
    </message>
    <message>
        <source>&amp;Save item</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Mark submitted today</source>
        <translation>标记为今日已提交</translation>
    </message>
    <message>
        <source>Select a checklist item to edit it.</source>
        <translation>选择一个核查事项进行编辑。</translation>
    </message>
    <message>
        <source>Not applicable: %1</source>
        <translation>不适用：%1</translation>
    </message>
    <message>
        <source>Computed from the project&apos;s facts; edit them in the project form or the acceptance tab.</source>
        <translation>由项目信息自动计算；请在项目表单或验收页签中修改。</translation>
    </message>
    <message>
        <source>Art. %1</source>
        <translation>第%1条</translation>
    </message>
    <message>
        <source>Recorded as not applicable (reason: %1), which is not accepted: %2. Record its real status.</source>
        <translation>此项记录为“不适用”（理由：%1），不予认可：%2。请记录其实际状态。</translation>
    </message>
    <message>
        <source>Opinions given (Art 14)</source>
        <translation>评估意见（第十四条）</translation>
    </message>
    <message>
        <source>Departments in the technical review (Art 9)</source>
        <translation>参与技术审查的主管部门（第九条）</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>修改“%1”</translation>
    </message>
</context>
<context>
    <name>LedgerActions</name>
    <message>
        <source>Import an existing ledger (Excel, WPS, CSV)…</source>
        <translation>导入已有台账（Excel、WPS、CSV）…</translation>
    </message>
    <message>
        <source>Import an edited plan table…</source>
        <translation>导入修改后的计划表…</translation>
    </message>
    <message>
        <source>Spreadsheets (%1);;All files (*)</source>
        <translation>电子表格 (%1);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Import an existing ledger</source>
        <translation>导入已有台账</translation>
    </message>
    <message>
        <source>Cannot import</source>
        <translation>无法导入</translation>
    </message>
    <message>
        <source>%1 project(s) created, %2 updated, %3 row(s) not imported.</source>
        <translation>新建项目 %1 个，更新 %2 个，未导入 %3 行。</translation>
    </message>
    <message>
        <source>Units created: %1.</source>
        <translation>新建单位：%1。</translation>
    </message>
    <message>
        <source>Ledger imported</source>
        <translation>台账已导入</translation>
    </message>
    <message>
        <source>Import an edited plan table</source>
        <translation>导入修改后的计划表</translation>
    </message>
    <message>
        <source>Year of the plan table</source>
        <translation>计划表的年度</translation>
    </message>
    <message>
        <source>The table&apos;s title is gone. Which year is it for?</source>
        <translation>表格的标题已被删除。这是哪一年的计划表？</translation>
    </message>
    <message>
        <source>No changes</source>
        <translation>没有修改</translation>
    </message>
    <message>
        <source>The table holds the same values as ReviewDesk: nothing to apply.</source>
        <translation>表中数据与 ReviewDesk 中一致，没有需要应用的修改。</translation>
    </message>
    <message>
        <source>%1 change(s) applied to %2 project(s); Edit → Undo takes them back.</source>
        <translation>已应用 %1 处修改，涉及 %2 个项目；可用“编辑 → 撤销”恢复。</translation>
    </message>
</context>
<context>
    <name>LedgerImportDialog</name>
    <message>
        <source>Import an existing ledger — %1</source>
        <translation>导入已有台账 — %1</translation>
    </message>
    <message>
        <source>Sheet:</source>
        <translation>工作表：</translation>
    </message>
    <message>
        <source>Not stated: choose</source>
        <translation>未注明，请选择</translation>
    </message>
    <message>
        <source>Amounts without a unit in their header are in:</source>
        <translation>表头未注明单位的金额按：</translation>
    </message>
    <message>
        <source>(from the year column or the title)</source>
        <translation>（按“年度”列或标题）</translation>
    </message>
    <message>
        <source>Year:</source>
        <translation>年度：</translation>
    </message>
    <message>
        <source>Construction type when the ledger has none:</source>
        <translation>台账未注明建设性质时按：</translation>
    </message>
    <message>
        <source>Load mapping…</source>
        <translation>载入列映射…</translation>
    </message>
    <message>
        <source>Save mapping…</source>
        <translation>保存列映射…</translation>
    </message>
    <message>
        <source>Column</source>
        <translation>列</translation>
    </message>
    <message>
        <source>Header in the file</source>
        <translation>文件中的表头</translation>
    </message>
    <message>
        <source>First values</source>
        <translation>前几行的值</translation>
    </message>
    <message>
        <source>ReviewDesk field</source>
        <translation>对应的 ReviewDesk 字段</translation>
    </message>
    <message>
        <source>Columns and the fields they fill</source>
        <translation>各列及其对应字段</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Owner unit</source>
        <translation>建设单位</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
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
        <source>Plan (10k yuan)</source>
        <translation>年度计划（万元）</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>批复</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Preview: the first rows as they will be imported</source>
        <translation>预览：前几行导入后的样子</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Why skipped</source>
        <translation>跳过原因</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Unit to be created</source>
        <translation>将新建的单位</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Import the valid rows only</source>
        <translation>只导入无误的行</translation>
    </message>
    <message>
        <source>yuan (元)</source>
        <translation>元</translation>
    </message>
    <message>
        <source>10k yuan (万元)</source>
        <translation>万元</translation>
    </message>
    <message>
        <source>100 million yuan (亿元)</source>
        <translation>亿元</translation>
    </message>
    <message>
        <source>header row %1</source>
        <translation>表头在第%1行</translation>
    </message>
    <message>
        <source>header rows %1–%2</source>
        <translation>表头在第%1—%2行</translation>
    </message>
    <message>
        <source>amounts in %1 (title)</source>
        <translation>金额单位%1（见标题）</translation>
    </message>
    <message>
        <source>year %1 (title)</source>
        <translation>%1年度（见标题）</translation>
    </message>
    <message>
        <source>the mapping you confirmed last time for this header</source>
        <translation>沿用上次为此表头确认的列映射</translation>
    </message>
    <message>
        <source>Excel 97-2003 / WPS</source>
        <translation>Excel 97-2003 / WPS 表格</translation>
    </message>
    <message>
        <source>%1 — %2, sheet “%3”: %4</source>
        <translation>%1 — %2，工作表“%3”：%4</translation>
    </message>
    <message>
        <source>(as the file states)</source>
        <translation>（按文件注明）</translation>
    </message>
    <message>
        <source>(not imported)</source>
        <translation>（不导入）</translation>
    </message>
    <message>
        <source>Cannot read the sheet</source>
        <translation>无法读取工作表</translation>
    </message>
    <message>
        <source>Load mapping</source>
        <translation>载入列映射</translation>
    </message>
    <message>
        <source>Ledger mapping (*.json)</source>
        <translation>台账列映射 (*.json)</translation>
    </message>
    <message>
        <source>Cannot load the mapping</source>
        <translation>无法载入列映射</translation>
    </message>
    <message>
        <source>Mapping loaded</source>
        <translation>已载入列映射</translation>
    </message>
    <message>
        <source>These columns of the mapping are not in this file: %1</source>
        <translation>列映射中的以下列在本文件中找不到：%1</translation>
    </message>
    <message>
        <source>Save mapping</source>
        <translation>保存列映射</translation>
    </message>
    <message>
        <source>Not saved</source>
        <translation>未保存</translation>
    </message>
    <message>
        <source>Update %1</source>
        <translation>更新 %1</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <source> (new unit)</source>
        <translation>（新单位）</translation>
    </message>
    <message>
        <source>(default: %1)</source>
        <translation>（默认：%1）</translation>
    </message>
    <message>
        <source> (note)</source>
        <translation>（提示）</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <source>Skipped rows (%1)</source>
        <translation>跳过的行（%1）</translation>
    </message>
    <message>
        <source>New units (%1)</source>
        <translation>新建单位（%1）</translation>
    </message>
    <message>
        <source>%1 row(s) ready: %2 new project(s), %3 update(s).</source>
        <translation>可导入 %1 行：新建项目 %2 个，更新 %3 个。</translation>
    </message>
    <message>
        <source>%1 unit(s) will be created.</source>
        <translation>将新建单位 %1 个。</translation>
    </message>
    <message>
        <source>%1 row(s) skipped (totals, headings, notes).</source>
        <translation>跳过 %1 行（合计、标题、说明等）。</translation>
    </message>
    <message>
        <source>The sheet cannot be imported as mapped: see the problems.</source>
        <translation>按当前映射无法导入此工作表，请查看问题列表。</translation>
    </message>
    <message>
        <source>%1 row(s) have problems: nothing is imported unless you choose the valid rows only.</source>
        <translation>%1 行有问题：除非选择“只导入无误的行”，否则不导入任何数据。</translation>
    </message>
    <message>
        <source>Not imported</source>
        <translation>未导入</translation>
    </message>
    <message>
        <source>The ledger has problems; nothing was imported.</source>
        <translation>台账有问题，未导入任何数据。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Projects</source>
        <extracomment>the tabs about one project: the change history dock belongs beside them only</extracomment>
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
        <source>Expert review</source>
        <translation>专家评审</translation>
    </message>
    <message>
        <source>&amp;New database…</source>
        <translation>新建数据库(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Open database…</source>
        <translation>打开数据库(&amp;O)…</translation>
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
        <source>Open review package…</source>
        <translation>打开评审包…</translation>
    </message>
    <message>
        <source>Recent databases</source>
        <translation>最近打开的数据库</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Import</source>
        <translation>导入(&amp;I)</translation>
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
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>工具(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>审计日志(&amp;A)…</translation>
    </message>
    <message>
        <source>Export my expert &amp;key…</source>
        <translation>导出我的专家公钥(&amp;K)…</translation>
    </message>
    <message>
        <source>As an expert: the public key your returns are signed with, for the DRC to register</source>
        <translation>作为评审专家：导出签名回传评审包所用的公钥，供区发展改革委登记</translation>
    </message>
    <message>
        <source>&amp;Rule settings…</source>
        <translation>规则设置(&amp;R)…</translation>
    </message>
    <message>
        <source>Your &amp;name…</source>
        <translation>我的姓名(&amp;N)…</translation>
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
        <source>(server: no file lock or automatic backup; the server is backed up with pg_dump)</source>
        <translation>（服务器数据库：无文件锁和自动备份，服务器由管理员用 pg_dump 备份）</translation>
    </message>
    <message>
        <source>(expert reviewer: reading, exports and review forms only)</source>
        <translation>（评审专家：仅可查阅、导出和填写评审意见）</translation>
    </message>
    <message>
        <source>%1 projects</source>
        <translation>共 %1 个项目</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>正在检查…</translation>
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

Review workbench for district-level e-government IT projects under the Measures of Jiangjin District, Chongqing, for the Management of District-level E-government IT Projects, %2 (%3).</source>
        <translation>ReviewDesk %1

依据%2（%3）开展区级政务信息化项目评审与管理的工作台。</translation>
    </message>
    <message>
        <source>New database</source>
        <translation>新建数据库</translation>
    </message>
    <message>
        <source>ReviewDesk database (*.db)</source>
        <translation>ReviewDesk 数据库 (*.db)</translation>
    </message>
    <message>
        <source>The file already exists; use Open.</source>
        <translation>文件已存在，请使用“打开”。</translation>
    </message>
    <message>
        <source>Open database</source>
        <translation>打开数据库</translation>
    </message>
    <message>
        <source>ReviewDesk database (*.db);;All files (*)</source>
        <translation>ReviewDesk 数据库 (*.db);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Open review package</source>
        <translation>打开评审包</translation>
    </message>
    <message>
        <source>Review package (*.rdpkg)</source>
        <translation>评审包 (*.rdpkg)</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
</context>
<context>
    <name>OpinionGateDialog</name>
    <message>
        <source>Not ready for a final document</source>
        <translation>暂不能出具正式文件</translation>
    </message>
    <message>
        <source>The %1 cannot be written as a final document while these remain unresolved:</source>
        <translation>存在下列未解决的问题，不能出具正式的%1：</translation>
    </message>
    <message>
        <source>Write as a draft for comments</source>
        <translation>起草征求意见稿</translation>
    </message>
    <message>
        <source>You may write it as a draft for comments (征求意见稿): its title and page header say so and it lists the problems above as unresolved. Your name and the reason you give are recorded in the audit trail.</source>
        <translation>可以起草征求意见稿：文件标题和页眉注明“征求意见稿”，并将上述问题列为未解决事项。您的姓名和填写的理由将记入审计日志。</translation>
    </message>
    <message>
        <source>Reason for the draft:</source>
        <translation>起草理由：</translation>
    </message>
    <message>
        <source>e.g. sent to the owner unit for comments</source>
        <translation>例如：送建设单位征求意见</translation>
    </message>
    <message>
        <source>Only DRC staff with a writable database can write a draft of it.</source>
        <translation>只有区发展改革委工作人员（数据库可写时）可以起草征求意见稿。</translation>
    </message>
</context>
<context>
    <name>PlanChangesDialog</name>
    <message>
        <source>Changes in the edited plan table — %1</source>
        <translation>计划表修改清单 — %1</translation>
    </message>
    <message>
        <source>%1, sheet “%2”: %3 change(s) (%4 changed, %5 added, %6 removed); %7 row(s) matched no project; %8 cell(s) could not be read. Check the changes to apply.</source>
        <translation>%1，工作表“%2”：共 %3 处修改（修改 %4、新增 %5、删除 %6）；%7 行未匹配到项目；%8 个单元格无法读取。请勾选要应用的修改。</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>项目编码</translation>
    </message>
    <message>
        <source>Owner unit</source>
        <translation>建设单位</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>修改类型</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>Old value</source>
        <translation>原值</translation>
    </message>
    <message>
        <source>New value</source>
        <translation>新值</translation>
    </message>
    <message>
        <source>Project in the file</source>
        <translation>文件中的项目</translation>
    </message>
    <message>
        <source>Why not matched</source>
        <translation>未匹配原因</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Changes (%1)</source>
        <translation>修改（%1）</translation>
    </message>
    <message>
        <source>Unmatched rows (%1)</source>
        <translation>未匹配的行（%1）</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>问题（%1）</translation>
    </message>
    <message>
        <source>Check all</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Check none</source>
        <translation>全不选</translation>
    </message>
    <message>
        <source>Apply the checked changes</source>
        <translation>应用所选修改</translation>
    </message>
    <message>
        <source>Annual investment plan %1</source>
        <translation>%1年度投资计划表</translation>
    </message>
    <message>
        <source>Budget versus plan reconciliation %1</source>
        <translation>%1年度部门预算与投资计划对照表</translation>
    </message>
    <message>
        <source>3-year rolling plan from %1</source>
        <translation>%1年起三年滚动计划表</translation>
    </message>
    <message>
        <source>changed</source>
        <translation>修改</translation>
    </message>
    <message>
        <source>row added</source>
        <translation>新增行</translation>
    </message>
    <message>
        <source>row removed</source>
        <translation>删除行</translation>
    </message>
    <message>
        <source>%1 (10k yuan)</source>
        <translation>%1 万元</translation>
    </message>
    <message>
        <source>(no longer in the file)</source>
        <translation>（文件中已无此行）</translation>
    </message>
    <message>
        <source>Apply %1 change(s) from %2</source>
        <translation>应用 %2 中的 %1 处修改</translation>
    </message>
</context>
<context>
    <name>ProjectForm</name>
    <message>
        <source>Edit project</source>
        <extracomment>政务云 choices (Art 19): the combo&apos;s data, and the stored value</extracomment>
        <translation>编辑项目</translation>
    </message>
    <message>
        <source>New project</source>
        <translation>新建项目</translation>
    </message>
    <message>
        <source>Discard changes?</source>
        <translation>放弃修改？</translation>
    </message>
    <message>
        <source>The project has changes that are not saved. Discard them?</source>
        <translation>项目有尚未保存的修改。确定放弃这些修改吗？</translation>
    </message>
    <message>
        <source>Basics</source>
        <translation>基本信息</translation>
    </message>
    <message>
        <source>Project code</source>
        <translation>项目编码</translation>
    </message>
    <message>
        <source>assigned automatically when empty</source>
        <translation>留空则自动编号</translation>
    </message>
    <message>
        <source>Project name *</source>
        <translation>项目名称 *</translation>
    </message>
    <message>
        <source>Owner unit *</source>
        <translation>建设单位 *</translation>
    </message>
    <message>
        <source>Construction type</source>
        <translation>建设性质</translation>
    </message>
    <message>
        <source>Total investment (10k yuan) *</source>
        <translation>总投资（万元）*</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>阶段</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Scale and content</source>
        <translation>建设规模及内容</translation>
    </message>
    <message>
        <source>Cross-department project (Art 13)</source>
        <translation>跨部门项目（第十三条）</translation>
    </message>
    <message>
        <source>Participating units</source>
        <translation>参建单位</translation>
    </message>
    <message>
        <source>Classified (涉密)</source>
        <translation>涉密</translation>
    </message>
    <message>
        <source>New civil works</source>
        <translation>新建土建工程</translation>
    </message>
    <message>
        <source>High energy use</source>
        <translation>高耗能</translation>
    </message>
    <message>
        <source>Flags</source>
        <translation>属性</translation>
    </message>
    <message>
        <source>On the government cloud (Art 19)</source>
        <translation>部署于区政务云（第十九条）</translation>
    </message>
    <message>
        <source>Reason if not on the cloud</source>
        <translation>未上云理由</translation>
    </message>
    <message>
        <source>System non-compliant with crypto/cybersecurity (Art 28)</source>
        <translation>系统不符合密码或网络安全要求（第二十八条）</translation>
    </message>
    <message>
        <source>System should be integrated and is not (Art 29)</source>
        <translation>系统应整合而未整合（第二十九条）</translation>
    </message>
    <message>
        <source>System maintained (O&amp;M)</source>
        <translation>所维护的系统（运维项目）</translation>
    </message>
    <message>
        <source>Funding source</source>
        <translation>资金来源</translation>
    </message>
    <message>
        <source>Remark</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>审批</translation>
    </message>
    <message>
        <source>Project list</source>
        <translation>项目清单</translation>
    </message>
    <message>
        <source>Changes</source>
        <translation>变更</translation>
    </message>
    <message>
        <source>Add row</source>
        <translation>添加行</translation>
    </message>
    <message>
        <source>Remove row</source>
        <translation>删除行</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>审批环节</translation>
    </message>
    <message>
        <source>Applied on</source>
        <translation>申请日期</translation>
    </message>
    <message>
        <source>Approved on</source>
        <translation>批复日期</translation>
    </message>
    <message>
        <source>Amount (10k yuan)</source>
        <translation>批复金额（万元）</translation>
    </message>
    <message>
        <source>Doc. number</source>
        <translation>文号</translation>
    </message>
    <message>
        <source>Request title</source>
        <translation>请示标题</translation>
    </message>
    <message>
        <source>Request number</source>
        <translation>请示文号</translation>
    </message>
    <message>
        <source>Approved scale</source>
        <translation>批复建设内容</translation>
    </message>
    <message>
        <source>Period</source>
        <translation>建设周期</translation>
    </message>
    <message>
        <source>Year</source>
        <translation>年度</translation>
    </message>
    <message>
        <source>Basis</source>
        <translation>纳入依据</translation>
    </message>
    <message>
        <source>Listed on</source>
        <translation>纳入日期</translation>
    </message>
    <message>
        <source>Consent on</source>
        <translation>区政府同意日期</translation>
    </message>
    <message>
        <source>Consent number</source>
        <translation>同意文号</translation>
    </message>
    <message>
        <source>Construction</source>
        <translation>建设与验收</translation>
    </message>
    <message>
        <source>Implementing agency</source>
        <translation>项目实施机构</translation>
    </message>
    <message>
        <source>Responsible person</source>
        <translation>项目责任人</translation>
    </message>
    <message>
        <source>Supervision unit</source>
        <translation>工程监理单位</translation>
    </message>
    <message>
        <source>No supervision needed: reason (Art 21)</source>
        <translation>不需工程监理的理由（第二十一条）</translation>
    </message>
    <message>
        <source>only when no supervision unit is needed; the reason is required</source>
        <translation>仅在确不需要工程监理时填写理由</translation>
    </message>
    <message>
        <source>Procurement method (Art 15)</source>
        <translation>采购方式（第十五条）</translation>
    </message>
    <message>
        <source>Planned completion</source>
        <translation>计划建成日期</translation>
    </message>
    <message>
        <source>Completed on</source>
        <translation>建成日期</translation>
    </message>
    <message>
        <source>In operation since</source>
        <translation>投入运行日期</translation>
    </message>
    <message>
        <source>Contract signed on</source>
        <translation>合同签订日期</translation>
    </message>
    <message>
        <source>Supervision contract on</source>
        <translation>监理委托日期</translation>
    </message>
    <message>
        <source>Procurement date (Art 15)</source>
        <translation>采购日期（第十五条）</translation>
    </message>
    <message>
        <source>Construction started on</source>
        <translation>开工日期</translation>
    </message>
    <message>
        <source>Delay reported on</source>
        <translation>延期报告日期</translation>
    </message>
    <message>
        <source>Latest MLPS evaluation (Art 16)</source>
        <translation>最近等保测评日期（第十六条）</translation>
    </message>
    <message>
        <source>Latest crypto assessment (Art 17, 31)</source>
        <translation>最近密评日期（第十七条、第三十一条）</translation>
    </message>
    <message>
        <source>Scope differs from the approval</source>
        <translation>建设内容与批复不一致</translation>
    </message>
    <message>
        <source>Declared (10k yuan)</source>
        <translation>申报金额（万元）</translation>
    </message>
    <message>
        <source>Reviewed (10k yuan)</source>
        <translation>审定金额（万元）</translation>
    </message>
    <message>
        <source>FSR estimate (10k yuan)</source>
        <translation>可研估算（万元）</translation>
    </message>
    <message>
        <source>Proposed budget estimate (10k yuan)</source>
        <translation>报批概算（万元）</translation>
    </message>
    <message>
        <source>Contract (10k yuan)</source>
        <translation>合同金额（万元）</translation>
    </message>
    <message>
        <source>Paid (10k yuan)</source>
        <translation>已支付（万元）</translation>
    </message>
    <message>
        <source>Recorded on</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>变更内容</translation>
    </message>
    <message>
        <source>New total (10k yuan)</source>
        <translation>变更后总投资（万元）</translation>
    </message>
    <message>
        <source>Approval number</source>
        <translation>批复文号</translation>
    </message>
    <message>
        <source>A change of scope or investment counts once its approval is recorded: a date or a document number (Art 22, 23).</source>
        <translation>建设内容或投资的变更须记录其批复（批复日期或文号）方为有效（第二十二条、第二十三条）。</translation>
    </message>
    <message>
        <source>%1 problem(s): see the messages beside the fields.</source>
        <translation>共 %1 个问题，请查看各字段旁的提示。</translation>
    </message>
    <message>
        <source>Edit project %1</source>
        <translation>编辑项目“%1”</translation>
    </message>
    <message>
        <source>Add project %1</source>
        <translation>新建项目“%1”</translation>
    </message>
</context>
<context>
    <name>ProjectHistoryDock</name>
    <message>
        <source>Change history</source>
        <translation>修改历史</translation>
    </message>
    <message>
        <source>Select a project to see its history.</source>
        <translation>请选择一个项目以查看其修改历史。</translation>
    </message>
    <message>
        <source>%1 changes recorded for this project (newest first)</source>
        <translation>本项目共记录 %1 处修改（最新的在前）</translation>
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
        <source>Project code</source>
        <extracomment>a project&apos;s findings, read when a count&apos;s tooltip is shown (the context&apos;s)</extracomment>
        <translation>项目编码</translation>
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
        <source>&amp;New project…</source>
        <translation>新建项目(&amp;N)…</translation>
    </message>
    <message>
        <source>&amp;Edit project…</source>
        <translation>编辑项目(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Delete project</source>
        <translation>删除项目(&amp;D)</translation>
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
    <message>
        <source>Delete project</source>
        <translation>删除项目</translation>
    </message>
    <message>
        <source>Delete “%1” with its documents, approvals, plan and budget lines? (Ctrl+Z undoes it)</source>
        <translation>删除“%1”及其材料、审批、计划和预算记录？（可按 Ctrl+Z 撤销）</translation>
    </message>
    <message>
        <source>Delete project %1</source>
        <translation>删除项目“%1”</translation>
    </message>
    <message>
        <source>Cannot delete</source>
        <translation>无法删除</translation>
    </message>
</context>
<context>
    <name>ReviewForm</name>
    <message>
        <source>Review questions (Art 8, 14, 19, 20)</source>
        <translation>评审问题（第八、十四、十九、二十条）</translation>
    </message>
    <message>
        <source>(Art %1)</source>
        <translation>（第%1条）</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Partly</source>
        <translation>部分</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <source>Amounts (10k yuan)</source>
        <translation>金额（万元）</translation>
    </message>
    <message>
        <source>Declared</source>
        <translation>申报金额</translation>
    </message>
    <message>
        <source>Reviewed</source>
        <translation>审定金额</translation>
    </message>
    <message>
        <source>Reduction</source>
        <translation>核减</translation>
    </message>
    <message>
        <source>Conclusion</source>
        <translation>评审结论</translation>
    </message>
    <message>
        <source>— not decided —</source>
        <translation>— 未定 —</translation>
    </message>
    <message>
        <source>Agree</source>
        <translation>同意</translation>
    </message>
    <message>
        <source>Agree in principle, revise before approval</source>
        <translation>原则同意，修改后报批</translation>
    </message>
    <message>
        <source>Do not agree</source>
        <translation>不同意</translation>
    </message>
    <message>
        <source>Reviewer</source>
        <translation>评审人</translation>
    </message>
    <message>
        <source>Opinion</source>
        <translation>评审意见</translation>
    </message>
    <message>
        <source>Save review</source>
        <translation>保存评审意见</translation>
    </message>
    <message>
        <source>%1 (rate %2)</source>
        <translation>%1（核减率 %2）</translation>
    </message>
    <message>
        <source>Edit review</source>
        <translation>修改评审意见</translation>
    </message>
</context>
<context>
    <name>ReviewerWindow</name>
    <message>
        <source>%1 10k yuan</source>
        <translation>%1 万元</translation>
    </message>
    <message>
        <source>Project code</source>
        <translation>项目编码</translation>
    </message>
    <message>
        <source>Owner unit</source>
        <translation>建设单位</translation>
    </message>
    <message>
        <source>Participating units</source>
        <translation>参与单位</translation>
    </message>
    <message>
        <source>Construction type</source>
        <translation>建设性质</translation>
    </message>
    <message>
        <source>Funding source</source>
        <translation>资金来源</translation>
    </message>
    <message>
        <source>Total investment</source>
        <translation>总投资</translation>
    </message>
    <message>
        <source>Declared</source>
        <translation>申报金额</translation>
    </message>
    <message>
        <source>Scale and content:</source>
        <translation>建设内容：</translation>
    </message>
    <message>
        <source>Dossier checklist</source>
        <translation>审批材料核查表</translation>
    </message>
    <message>
        <source>Findings of the checks</source>
        <translation>检查发现的问题</translation>
    </message>
    <message>
        <source>ReviewDesk reviewer mode — %1 — %2</source>
        <translation>ReviewDesk 专家评审模式 — %1 — %2</translation>
    </message>
    <message>
        <source>Save form</source>
        <translation>保存评审表</translation>
    </message>
    <message>
        <source>Export return package…</source>
        <translation>导出返回评审包…</translation>
    </message>
    <message>
        <source>Export my public key…</source>
        <translation>导出我的公钥…</translation>
    </message>
    <message>
        <source>A file with your public key and its fingerprint, for the DRC to register</source>
        <translation>包含您的公钥及其指纹的文件，供区发展改革委登记</translation>
    </message>
    <message>
        <source>Open attachment</source>
        <translation>打开附件</translation>
    </message>
    <message>
        <source>Dossier files in the package:</source>
        <translation>评审包中的申报材料：</translation>
    </message>
    <message>
        <source>Project facts are read-only; your answers are saved on this computer until you export the return package.</source>
        <translation>项目信息为只读；您的评审意见保存在本机，导出返回评审包后交回发展改革委。</translation>
    </message>
    <message>
        <source>First package from this DRC: check its key %1 with the DRC.</source>
        <translation>首次收到该发改委的评审包：请向发改委核对其密钥 %1。</translation>
    </message>
    <message>
        <source>DRC key: %1</source>
        <translation>发改委密钥：%1</translation>
    </message>
    <message>
        <source>Your signing key: %1</source>
        <translation>您的签名密钥：%1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>已保存。</translation>
    </message>
    <message>
        <source>Export return package</source>
        <translation>导出返回评审包</translation>
    </message>
    <message>
        <source>Review package (*.rdpkg)</source>
        <translation>评审包 (*.rdpkg)</translation>
    </message>
    <message>
        <source>ReviewDesk</source>
        <translation>ReviewDesk</translation>
    </message>
    <message>
        <source>Return package written: %1</source>
        <translation>已导出返回评审包：%1</translation>
    </message>
    <message>
        <source>Open review package</source>
        <translation>打开评审包</translation>
    </message>
    <message>
        <source>Did the DRC confirm this fingerprint? Accept the new DRC key and open the package?</source>
        <translation>区发展改革委是否已确认该指纹？接受新的发改委密钥并打开评审包？</translation>
    </message>
</context>
<context>
    <name>RuleSettings</name>
    <message>
        <source>Assessment period (OM-ASSESS)</source>
        <translation>等保测评、密评周期（OM-ASSESS）</translation>
    </message>
    <message>
        <source>A running system needs an MLPS evaluation and a crypto assessment at least this often. Art 16, 17 and 31 say 「定期」 (regularly) and give no number; 12 months is the yearly evaluation the national rules ask of systems at level 3.</source>
        <translation>运行中的系统至少按此周期开展网络安全等级保护测评和密码应用安全性评估。第十六条、第十七条、第三十一条只说「定期」，未规定周期；12个月即国家规定对第三级系统每年开展一次测评的周期。</translation>
    </message>
    <message>
        <source>Delay before reporting (CON-DELAY)</source>
        <translation>严重逾期期限（CON-DELAY）</translation>
    </message>
    <message>
        <source>A project this long past its planned completion must have reported the delay to DRC and Finance. Art 24 says 「严重逾期」 (seriously overdue) and gives no number.</source>
        <translation>超过计划完成日期达到此期限的项目，应已向区发展改革委和区财政局报告。第二十四条只说「工程严重逾期」，未规定期限。</translation>
    </message>
    <message>
        <source>Rule settings</source>
        <translation>规则设置</translation>
    </message>
    <message>
        <source>Where the measures give no number, the office sets one here. The values are kept in the database and apply to everyone who opens it.</source>
        <translation>办法未规定具体数值的，由本单位在此设定。设置保存在数据库中，对打开该数据库的所有人有效。</translation>
    </message>
    <message>
        <source> months</source>
        <translation> 个月</translation>
    </message>
    <message>
        <source>default %1</source>
        <translation>默认 %1</translation>
    </message>
    <message>
        <source>Expert reviewers can read these settings; DRC staff change them.</source>
        <translation>评审专家只能查看这些设置，由区发展改革委工作人员修改。</translation>
    </message>
</context>
<context>
    <name>SavedFileNotice</name>
    <message>
        <source>Open file</source>
        <extracomment>kinds of files whose folder is remembered separately</extracomment>
        <translation>打开文件</translation>
    </message>
    <message>
        <source>Open containing folder</source>
        <translation>打开所在文件夹</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭提示</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>已保存：%1</translation>
    </message>
</context>
<context>
    <name>StartupAuditCheck</name>
    <message>
        <source>Audit log</source>
        <translation>审计日志</translation>
    </message>
    <message>
        <source>If you know why (you opened an older copy on purpose), you can accept the database as it is now: this computer then remembers its current head, and your decision is recorded in the audit trail. Accept it?</source>
        <translation>如果您知道原因（例如有意打开了旧副本），可以确认数据库当前的状态：本机此后记住其现在的链头，您的确认记入审计日志。确认吗？</translation>
    </message>
</context>
<context>
    <name>audit</name>
    <message>
        <source>The checkpoint at entry %1 is signed by a key this office has not marked as trusted (fingerprint %2).
If it is one of your own DRC computers, mark it trusted in Tools → Audit log; otherwise the trail may have been rewritten with another key.</source>
        <translation>第 %1 条处的检查点由本单位未设为信任的密钥签名（指纹 %2）。
如果它是本单位的其他工作站，请在“工具 → 审计日志”中设为信任；否则审计日志可能已被人用其他密钥改写。</translation>
    </message>
    <message>
        <source>The audit trail no longer holds the head this computer saw last.
%1</source>
        <translation>审计日志中已没有本机上次见到的链头。
%1</translation>
    </message>
    <message>
        <source>The audit trail has been tampered with: the first bad entry is No. %1.
%2</source>
        <translation>审计日志已被篡改：第一处问题在第 %1 条。
%2</translation>
    </message>
    <message>
        <source>Audit trail intact: %1 entries checked, %2 signed checkpoints.</source>
        <translation>审计日志完整：已校验 %1 条记录，%2 个签名检查点。</translation>
    </message>
    <message>
        <source>Some checkpoints were signed on another computer (keys %1).</source>
        <translation>部分检查点由其他电脑签名（密钥 %1）。</translation>
    </message>
    <message>
        <source>The database was restored from a backup (%1); the restore is recorded in the trail.</source>
        <translation>数据库曾从备份恢复（%1），恢复已记入审计日志。</translation>
    </message>
    <message>
        <source>The file in which this computer remembers the audit head of this database was altered or cannot be read (%1); it is written anew at the next checkpoint.</source>
        <translation>本机记住该数据库链头的文件被改动或无法读取（%1），将在下一个检查点重新写入。</translation>
    </message>
    <message>
        <source>Project</source>
        <translation>项目</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>What</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Old → new</source>
        <translation>原值 → 新值</translation>
    </message>
</context>
<context>
    <name>commands</name>
    <message>
        <source>The database is busy (another program is writing). Please try again.</source>
        <translation>数据库正忙（其他程序正在写入），请稍后重试。</translation>
    </message>
    <message>
        <source>The change could not be saved: %1</source>
        <translation>修改未能保存：%1</translation>
    </message>
    <message>
        <source>ReviewDesk</source>
        <translation>ReviewDesk</translation>
    </message>
</context>
<context>
    <name>expert_key</name>
    <message>
        <source>Export my expert key</source>
        <translation>导出我的专家公钥</translation>
    </message>
    <message>
        <source>expert</source>
        <translation>专家</translation>
    </message>
    <message>
        <source>Expert key (*.rdkey)</source>
        <translation>专家公钥 (*.rdkey)</translation>
    </message>
    <message>
        <source>Your public key was saved to %1.

Send this file to the DRC. When they call to register it, read them this fingerprint:

%2

The returns you send are signed with this key.</source>
        <translation>您的公钥已保存到 %1。

请将此文件发给区发展改革委。对方来电登记时，请向其报出以下指纹：

%2

您回传的评审包都用此密钥签名。</translation>
    </message>
</context>
<context>
    <name>fields</name>
    <message>
        <source>10k yuan, e.g. 1234.5678</source>
        <translation>万元，例如 1234.5678</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>意见说明</translation>
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
        <source>Not applicable (O&amp;M)</source>
        <translation>不适用（运行维护）</translation>
    </message>
    <message>
        <source>— not recorded —</source>
        <translation>— 未记录 —</translation>
    </message>
    <message>
        <source>Open tender</source>
        <translation>公开招标</translation>
    </message>
    <message>
        <source>Invited tender</source>
        <translation>邀请招标</translation>
    </message>
    <message>
        <source>Competitive negotiation</source>
        <translation>竞争性谈判</translation>
    </message>
    <message>
        <source>Competitive consultation</source>
        <translation>竞争性磋商</translation>
    </message>
    <message>
        <source>Single source</source>
        <translation>单一来源采购</translation>
    </message>
    <message>
        <source>Request for quotations</source>
        <translation>询价</translation>
    </message>
    <message>
        <source>Framework agreement</source>
        <translation>框架协议采购</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <source>Yes, on the district government cloud</source>
        <translation>是，部署于区政务云</translation>
    </message>
    <message>
        <source>No</source>
        <translation>否</translation>
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
<context>
    <name>user_name</name>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Welcome to ReviewDesk. Every change you make is recorded in the audit trail under your name.
Your name:</source>
        <translation>欢迎使用 ReviewDesk。您所做的每一处修改都会以您的姓名记入审计日志。
您的姓名：</translation>
    </message>
    <message>
        <source>Name recorded in the audit trail for your changes:</source>
        <translation>审计日志中记录您所做修改时使用的姓名：</translation>
    </message>
</context>
</TS>
