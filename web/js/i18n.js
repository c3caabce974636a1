// Every user-facing string, in Korean and English, and the formats of dates.

const LANGUAGE_KEY = "maice.lang";

export const STRINGS = {
  ko: {
    "app.title": "MAICE 수학 튜터",
    "common.cancel": "취소",
    "common.dismiss": "닫기",
    "common.loading": "불러오는 중…",
    "common.save": "저장",
    "nav.label": "주 메뉴",
    "nav.chat": "채팅",
    "nav.dashboard": "대시보드",
    "nav.teacher": "교사",
    "nav.admin": "관리",
    "nav.logout": "로그아웃",
    "nav.languageLabel": "Switch to English",
    "nav.skip": "본문으로 건너뛰기",
    "login.title": "로그인",
    "login.subtitle": "MAICE 수학 튜터에 오신 것을 환영합니다.",
    "login.email": "이메일",
    "login.password": "비밀번호",
    "login.submit": "로그인",
    "login.or": "또는",
    "login.google": "Google 계정으로 로그인",
    "login.failed": "이메일 또는 비밀번호가 올바르지 않습니다.",
    "login.missing": "이메일과 비밀번호를 입력하세요.",
    "chat.sessions": "내 대화",
    "chat.new": "새 대화",
    "chat.newTitle": "새 대화",
    "chat.showArchived": "보관한 대화 보기",
    "chat.noSessions": "아직 대화가 없습니다.",
    "chat.untitled": "제목 없음",
    "chat.archived": "보관됨",
    "chat.conversation": "대화 내용",
    "chat.question": "질문",
    "chat.placeholder": "수학 질문을 입력하세요. 예: x^2 - 5x + 6 = 0 을 풀어줘",
    "chat.hint": "Enter로 보내기, Shift+Enter로 줄바꿈, Esc로 답변 멈추기",
    "chat.send": "보내기",
    "chat.stop": "멈추기",
    "chat.stopped": "답변을 멈췄습니다. 여기까지의 답변이 저장되었습니다.",
    "chat.streamLost": "답변을 더 받지 못했습니다.",
    "chat.waiting": "튜터가 앞선 질문에 답하는 중입니다. 곧 답할게요.",
    "chat.tooLong": "질문은 {max}자까지 쓸 수 있습니다.",
    "chat.emptyHello": "{name}님, 안녕하세요!",
    "chat.emptyHint": "궁금한 수학 문제를 물어보세요. 수식은 $x^2$ 처럼 쓸 수 있어요.",
    "chat.emptySession": "이 대화에는 아직 메시지가 없습니다.",
    "chat.rename": "이름 바꾸기",
    "chat.renameLabel": "대화 이름",
    "chat.archive": "보관",
    "chat.unarchive": "보관 해제",
    "chat.delete": "삭제",
    "chat.deleteQuestion": "이 대화를 삭제할까요? 되돌릴 수 없습니다.",
    "chat.deleteConfirm": "삭제하기",
    "message.you": "나",
    "message.tutor": "MAICE",
    "message.round": "되묻기 {round}/{max}",
    "message.refusal": "답할 수 없는 질문",
    "message.clarificationAnswer": "되묻기에 대한 답",
    "message.verified": "✓ 계산 검증됨",
    "message.streaming": "답변 중…",
    "message.helpful": "도움이 됐어요",
    "message.notHelpful": "도움이 안 됐어요",
    "knowledge.K1": "사실",
    "knowledge.K2": "개념",
    "knowledge.K3": "절차",
    "knowledge.K4": "메타인지",
    "gate.answerable": "바로 답변",
    "gate.needs_clarification": "되묻기 필요",
    "gate.unanswerable": "답변 불가",
    "mode.agent": "에이전트 모드",
    "mode.freepass": "바로답변 모드",
    "role.student": "학생",
    "role.teacher": "교사",
    "role.admin": "관리자",
    "feedback.title": "선생님의 피드백",
    "feedback.fromTeacher": "선생님",
    "dashboard.title": "나의 학습",
    "dashboard.sessions": "대화",
    "dashboard.questions": "질문",
    "dashboard.questionsByDay": "날짜별 질문 수 (최근 30일)",
    "dashboard.knowledgeTypes": "지식 유형별 질문",
    "dashboard.noData": "아직 자료가 없습니다.",
    "dashboard.classroom": "학급 참여",
    "dashboard.joinCode": "선생님이 알려준 참여 코드",
    "dashboard.join": "참여하기",
    "dashboard.joined": "‘{name}’ 학급에 참여했습니다.",
    "dashboard.unknownCode": "그런 참여 코드는 없습니다. 코드를 다시 확인하세요.",
    "dashboard.summaries": "학습 요약",
    "dashboard.noSummaries": "아직 학습 요약이 없습니다.",
    "dashboard.keyConcepts": "핵심 개념",
    "teacher.title": "교사 대시보드",
    "teacher.classroomFilter": "학급",
    "teacher.allClassrooms": "모든 학급",
    "teacher.classrooms": "학급",
    "teacher.classroomName": "새 학급 이름",
    "teacher.createClassroom": "학급 만들기",
    "teacher.noClassrooms": "아직 학급이 없습니다.",
    "teacher.studentCount": "학생 {count}명",
    "teacher.joinCode": "참여 코드",
    "teacher.studentsCount": "학생",
    "teacher.questionsToday": "오늘 질문",
    "teacher.gates": "질문 처리 방식",
    "teacher.students": "학생 활동",
    "teacher.noStudents": "아직 학생이 없습니다. 참여 코드를 학생들에게 알려 주세요.",
    "teacher.name": "이름",
    "teacher.email": "이메일",
    "teacher.sessions": "대화",
    "teacher.questions": "질문",
    "teacher.lastActive": "최근 활동",
    "teacher.summaries": "학습 요약",
    "teacher.digests": "일일 요약 메일",
    "teacher.noDigests": "아직 일일 요약이 없습니다.",
    "teacher.back": "교사 대시보드로",
    "teacher.studentSessions": "학생의 대화",
    "teacher.sessionsOf": "{name} 학생의 대화",
    "teacher.noSessions": "아직 대화가 없습니다.",
    "teacher.sessionTitle": "제목",
    "teacher.messages": "메시지",
    "teacher.updated": "최근 수정",
    "teacher.transcript": "대화 기록",
    "teacher.summary": "이 대화의 학습 요약",
    "teacher.feedbackLabel": "학생에게 피드백 남기기",
    "teacher.feedbackOnMessage": "이 메시지에 피드백",
    "teacher.feedbackTarget": "메시지에 대한 피드백: “{excerpt}”",
    "teacher.feedbackWholeSession": "대화 전체에 남기기",
    "teacher.sendFeedback": "피드백 보내기",
    "teacher.ratedHelpful": "학생 평가: 도움됨",
    "teacher.ratedNotHelpful": "학생 평가: 도움 안 됨",
    "teacher.ratedHelpfulCount": "도움이 된 답변",
    "teacher.ratedNotHelpfulCount": "도움이 안 된 답변",
    "admin.title": "사용자 관리",
    "admin.createTitle": "사용자 만들기",
    "admin.email": "이메일",
    "admin.name": "이름",
    "admin.password": "비밀번호",
    "admin.role": "역할",
    "admin.create": "만들기",
    "admin.search": "검색",
    "admin.searchPlaceholder": "이름 또는 이메일",
    "admin.allRoles": "모든 역할",
    "admin.count": "{total}명 중 {shown}명",
    "admin.noUsers": "해당하는 사용자가 없습니다.",
    "admin.status": "상태",
    "admin.created": "가입일",
    "admin.actions": "작업",
    "admin.active": "활성",
    "admin.inactive": "비활성",
    "admin.activate": "활성화",
    "admin.deactivate": "비활성화",
    "admin.delete": "삭제",
    "admin.deleteQuestion": "이 사용자와 대화를 모두 삭제할까요?",
    "admin.deleteConfirm": "삭제하기",
    "admin.you": "본인",
    "admin.roleOf": "{name}의 역할",
    "consent.title": "연구 참여 동의",
    "consent.text": "내 대화 기록을 익명으로 수업 연구에 쓰는 데 동의합니다. 언제든지 철회할 수 있습니다.",
    "consent.label": "연구 참여에 동의합니다",
    "consent.accepted": "동의함 (버전 {version})",
    "consent.notAccepted": "동의하지 않음",
    "research.title": "연구 도구",
    "research.evaluate": "대화 평가하기 (블라인드)",
    "research.exports": "내보내기",
    "research.dataset.sessions": "대화",
    "research.dataset.messages": "메시지",
    "research.dataset.evaluations": "평가",
    "research.dataset.summaries": "학습 요약",
    "research.dataset.ratings": "답변 평가",
    "research.assignModes": "모드 무작위 배정",
    "research.modesAssigned": "에이전트 {agent}명 · 바로답변 {freepass}명",
    "research.next": "다음 대화",
    "research.submit": "평가 저장",
    "research.total": "총점",
    "research.evidence": "근거 (선택)",
    "research.evidenceFor": "{code}의 근거",
    "research.noneLeft": "평가할 대화가 더 없습니다.",
    "research.saved": "저장했습니다 (총점 {total}).",
    "research.unavailable": "이 서버에는 평가 기능이 아직 없습니다.",
    "research.stats": "평가 통계 (교사 대 에이전트)",
    "research.statsBy.teacher": "교사 평가 {n}건: 항목별 평균 (0–5)",
    "research.statsBy.agent": "에이전트 평가 {n}건: 항목별 평균 (0–5)",
    "research.statsSummary": "평가된 대화 {sessions}개 · 평균 총점 {total} / 40",
    "research.agreement": "교사와 에이전트가 함께 평가한 대화 {pairs}쌍 · 요소 일치율 {share}",
    "research.autoEvaluate": "에이전트로 평가하기",
    "research.autoStarted": "에이전트가 대화 {sessions}개를 평가합니다.",
    "admin.research": "연구 모드 · 하루 질문 한도",
    "admin.freepassOf": "{name}: 바로답변 모드",
    "admin.limitOf": "{name}의 하루 질문 한도",
    "admin.limitDefault": "기본값",
    "error.network": "서버에 연결할 수 없습니다. 네트워크를 확인하고 다시 시도하세요.",
    "error.sessionExpired": "로그인이 만료되었습니다. 다시 로그인하세요.",
    "error.forbidden": "이 작업을 할 권한이 없습니다.",
    "error.notFound": "찾을 수 없습니다.",
    "error.conflict": "이미 있거나 지금은 할 수 없는 작업입니다.",
    "error.tooLarge": "보낸 내용이 너무 큽니다.",
    "error.invalid": "입력을 확인하세요.",
    "error.rateLimited": "요청이 너무 많습니다. {seconds}초 후에 다시 시도하세요.",
    "error.rateLimitedSoon": "요청이 너무 많습니다. 잠시 후에 다시 시도하세요.",
    "error.unavailable": "서버가 잠시 응답할 수 없습니다. {seconds}초 후에 다시 시도하세요.",
    "error.server": "서버에서 문제가 생겼습니다. 잠시 후에 다시 시도하세요.",
    "error.agent_timeout": "튜터가 제시간에 답하지 못했습니다. 다시 질문해 주세요.",
    "error.agent_failed": "튜터가 이 질문을 처리하지 못했습니다. 다시 질문해 주세요.",
    "error.session_deleted": "대화가 삭제되었습니다.",
    "error.internal_error": "서버에서 문제가 생겼습니다. 다시 질문해 주세요.",
    "error.stream_unavailable": "답변을 받는 중 연결이 끊겼습니다. 다시 연결합니다.",
    "error.unknownEvent": "답변 중 문제가 생겼습니다.",
  },
  en: {
    "app.title": "MAICE math tutor",
    "common.cancel": "Cancel",
    "common.dismiss": "Dismiss",
    "common.loading": "Loading…",
    "common.save": "Save",
    "nav.label": "Main menu",
    "nav.chat": "Chat",
    "nav.dashboard": "Dashboard",
    "nav.teacher": "Teacher",
    "nav.admin": "Admin",
    "nav.logout": "Sign out",
    "nav.languageLabel": "한국어로 보기",
    "nav.skip": "Skip to content",
    "login.title": "Sign in",
    "login.subtitle": "Welcome to MAICE, your math tutor.",
    "login.email": "E-mail",
    "login.password": "Password",
    "login.submit": "Sign in",
    "login.or": "or",
    "login.google": "Sign in with Google",
    "login.failed": "The e-mail or the password is not right.",
    "login.missing": "Enter your e-mail and password.",
    "chat.sessions": "My chats",
    "chat.new": "New chat",
    "chat.newTitle": "New chat",
    "chat.showArchived": "Show archived chats",
    "chat.noSessions": "No chats yet.",
    "chat.untitled": "Untitled",
    "chat.archived": "archived",
    "chat.conversation": "Conversation",
    "chat.question": "Question",
    "chat.placeholder": "Ask a math question, e.g. solve x^2 - 5x + 6 = 0",
    "chat.hint": "Enter sends, Shift+Enter adds a line, Esc stops an answer",
    "chat.send": "Send",
    "chat.stop": "Stop",
    "chat.stopped": "Stopped. The answer so far is kept.",
    "chat.streamLost": "The rest of the answer could not be received.",
    "chat.waiting": "The tutor is answering earlier questions and will answer shortly.",
    "chat.tooLong": "A question can be at most {max} characters.",
    "chat.emptyHello": "Hello, {name}!",
    "chat.emptyHint": "Ask any math question. Write formulas like $x^2$.",
    "chat.emptySession": "This chat has no messages yet.",
    "chat.rename": "Rename",
    "chat.renameLabel": "Chat name",
    "chat.archive": "Archive",
    "chat.unarchive": "Unarchive",
    "chat.delete": "Delete",
    "chat.deleteQuestion": "Delete this chat? This cannot be undone.",
    "chat.deleteConfirm": "Delete",
    "message.you": "You",
    "message.tutor": "MAICE",
    "message.round": "Question back {round}/{max}",
    "message.refusal": "Cannot answer",
    "message.clarificationAnswer": "Answer to the tutor",
    "message.verified": "✓ Checked by the math engine",
    "message.streaming": "Answering…",
    "message.helpful": "Helpful",
    "message.notHelpful": "Not helpful",
    "knowledge.K1": "factual",
    "knowledge.K2": "conceptual",
    "knowledge.K3": "procedural",
    "knowledge.K4": "metacognitive",
    "gate.answerable": "Answered",
    "gate.needs_clarification": "Asked back",
    "gate.unanswerable": "Out of scope",
    "mode.agent": "agent mode",
    "mode.freepass": "freepass mode",
    "role.student": "Student",
    "role.teacher": "Teacher",
    "role.admin": "Admin",
    "feedback.title": "Your teacher's feedback",
    "feedback.fromTeacher": "Teacher",
    "dashboard.title": "My learning",
    "dashboard.sessions": "Chats",
    "dashboard.questions": "Questions",
    "dashboard.questionsByDay": "Questions per day (last 30 days)",
    "dashboard.knowledgeTypes": "Questions by knowledge type",
    "dashboard.noData": "No data yet.",
    "dashboard.classroom": "Join a classroom",
    "dashboard.joinCode": "Join code from your teacher",
    "dashboard.join": "Join",
    "dashboard.joined": "You joined “{name}”.",
    "dashboard.unknownCode": "There is no classroom with that code. Check it and try again.",
    "dashboard.summaries": "Learning summaries",
    "dashboard.noSummaries": "No learning summaries yet.",
    "dashboard.keyConcepts": "Key concepts",
    "teacher.title": "Teacher dashboard",
    "teacher.classroomFilter": "Classroom",
    "teacher.allClassrooms": "All classrooms",
    "teacher.classrooms": "Classrooms",
    "teacher.classroomName": "New classroom name",
    "teacher.createClassroom": "Create classroom",
    "teacher.noClassrooms": "No classrooms yet.",
    "teacher.studentCount": "students: {count}",
    "teacher.joinCode": "Join code",
    "teacher.studentsCount": "Students",
    "teacher.questionsToday": "Questions today",
    "teacher.gates": "How questions were handled",
    "teacher.students": "Student activity",
    "teacher.noStudents": "No students yet. Share a join code with your class.",
    "teacher.name": "Name",
    "teacher.email": "E-mail",
    "teacher.sessions": "Chats",
    "teacher.questions": "Questions",
    "teacher.lastActive": "Last active",
    "teacher.summaries": "Learning summaries",
    "teacher.digests": "Daily digests",
    "teacher.noDigests": "No daily digests yet.",
    "teacher.back": "Back to the teacher dashboard",
    "teacher.studentSessions": "Student's chats",
    "teacher.sessionsOf": "{name}'s chats",
    "teacher.noSessions": "No chats yet.",
    "teacher.sessionTitle": "Title",
    "teacher.messages": "Messages",
    "teacher.updated": "Updated",
    "teacher.transcript": "Transcript",
    "teacher.summary": "Learning summary of this chat",
    "teacher.feedbackLabel": "Feedback for the student",
    "teacher.feedbackOnMessage": "Feedback on this message",
    "teacher.feedbackTarget": "Feedback on the message “{excerpt}”",
    "teacher.feedbackWholeSession": "On the whole chat instead",
    "teacher.sendFeedback": "Send feedback",
    "teacher.ratedHelpful": "Student: helpful",
    "teacher.ratedNotHelpful": "Student: not helpful",
    "teacher.ratedHelpfulCount": "Answers rated helpful",
    "teacher.ratedNotHelpfulCount": "Answers rated not helpful",
    "admin.title": "Users",
    "admin.createTitle": "Create a user",
    "admin.email": "E-mail",
    "admin.name": "Name",
    "admin.password": "Password",
    "admin.role": "Role",
    "admin.create": "Create",
    "admin.search": "Search",
    "admin.searchPlaceholder": "Name or e-mail",
    "admin.allRoles": "All roles",
    "admin.count": "{shown} of {total}",
    "admin.noUsers": "No users match.",
    "admin.status": "Status",
    "admin.created": "Joined",
    "admin.actions": "Actions",
    "admin.active": "Active",
    "admin.inactive": "Deactivated",
    "admin.activate": "Activate",
    "admin.deactivate": "Deactivate",
    "admin.delete": "Delete",
    "admin.deleteQuestion": "Delete this user and all their chats?",
    "admin.deleteConfirm": "Delete",
    "admin.you": "You",
    "admin.roleOf": "Role of {name}",
    "consent.title": "Research consent",
    "consent.text": "I agree that my chats may be used, anonymised, for classroom research. I can withdraw at any time.",
    "consent.label": "I agree to take part in the research",
    "consent.accepted": "Agreed (version {version})",
    "consent.notAccepted": "Not agreed",
    "research.title": "Research tools",
    "research.evaluate": "Evaluate chats (blind)",
    "research.exports": "Exports",
    "research.dataset.sessions": "Chats",
    "research.dataset.messages": "Messages",
    "research.dataset.evaluations": "Evaluations",
    "research.dataset.summaries": "Learning summaries",
    "research.dataset.ratings": "Answer ratings",
    "research.assignModes": "Assign modes at random",
    "research.modesAssigned": "agent {agent} · freepass {freepass}",
    "research.next": "Next chat",
    "research.submit": "Save evaluation",
    "research.total": "Total",
    "research.evidence": "Evidence (optional)",
    "research.evidenceFor": "Evidence for {code}",
    "research.noneLeft": "No chats are left to evaluate.",
    "research.saved": "Saved (total {total}).",
    "research.unavailable": "This server has no evaluation yet.",
    "research.stats": "Evaluation statistics (teacher vs agent)",
    "research.statsBy.teacher": "{n} teacher evaluations: mean per item (0–5)",
    "research.statsBy.agent": "{n} agent evaluations: mean per item (0–5)",
    "research.statsSummary": "{sessions} chats scored · mean total {total} / 40",
    "research.agreement": "{pairs} chats scored by both a teacher and the agent · elements agreed {share}",
    "research.autoEvaluate": "Have the agent score",
    "research.autoStarted": "The agent is scoring {sessions} chats.",
    "admin.research": "Research mode · daily questions",
    "admin.freepassOf": "{name}: freepass mode",
    "admin.limitOf": "Daily question limit of {name}",
    "admin.limitDefault": "default",
    "error.network": "Cannot reach the server. Check the network and try again.",
    "error.sessionExpired": "Your sign-in has expired. Please sign in again.",
    "error.forbidden": "You are not allowed to do this.",
    "error.notFound": "Not found.",
    "error.conflict": "This exists already or cannot be done now.",
    "error.tooLarge": "What you sent is too large.",
    "error.invalid": "Please check the input.",
    "error.rateLimited": "Too many requests. Try again in {seconds} s.",
    "error.rateLimitedSoon": "Too many requests. Try again in a moment.",
    "error.unavailable": "The server cannot answer right now. Try again in {seconds} s.",
    "error.server": "Something went wrong on the server. Try again in a moment.",
    "error.agent_timeout": "The tutor did not answer in time. Please ask again.",
    "error.agent_failed": "The tutor could not process this question. Please ask again.",
    "error.session_deleted": "This chat was deleted.",
    "error.internal_error": "Something went wrong on the server. Please ask again.",
    "error.stream_unavailable": "The answer's connection dropped. Reconnecting.",
    "error.unknownEvent": "Something went wrong with the answer.",
  },
};

function initialLanguage() {
  try {
    const stored = localStorage.getItem(LANGUAGE_KEY);
    if (stored === "ko" || stored === "en") return stored;
  } catch {
    // no storage: use the browser's language
  }
  const preferred = navigator.languages?.length ? navigator.languages : [navigator.language || "ko"];
  for (const tag of preferred) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (base === "ko" || base === "en") return base;
  }
  return "ko";
}

let language = initialLanguage();

export const getLanguage = () => language;

export function setLanguage(value) {
  language = value === "en" ? "en" : "ko";
  try {
    localStorage.setItem(LANGUAGE_KEY, language);
  } catch {
    // the choice lasts as long as the page
  }
}

/** The string for `key` in the current language, with {name} filled from `values`. */
export function t(key, values = {}) {
  const text = STRINGS[language][key] ?? STRINGS.ko[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function locale() {
  return language === "ko" ? "ko-KR" : "en-GB";
}

function toDate(value) {
  // A bare date ("2026-03-01") is a UTC calendar day: keep it that day.
  return typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
}

export function formatDate(value) {
  const date = toDate(value);
  const utc = typeof value === "string" && value.length === 10;
  return date.toLocaleDateString(locale(), { year: "numeric", month: "short", day: "numeric", ...(utc ? { timeZone: "UTC" } : {}) });
}

export function formatDayShort(value) {
  return toDate(value).toLocaleDateString(locale(), { month: "numeric", day: "numeric", timeZone: "UTC" });
}

export function formatDateTime(value) {
  return new Date(value).toLocaleString(locale(), { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
}

function validationText(detail) {
  if (!Array.isArray(detail)) return String(detail);
  return detail
    .map((item) => {
      const field = Array.isArray(item.loc) ? item.loc.filter((part) => part !== "body").join(".") : "";
      return field ? `${field}: ${item.msg}` : item.msg;
    })
    .join("; ");
}

/** A readable sentence for an API error (ApiError) or any other failure. */
export function describeError(error) {
  if (!error) return t("error.server");
  const status = error.status;
  const detail = error.detail !== undefined ? validationText(error.detail) : String(error.message || error);
  const withDetail = (text) => (detail && detail !== "network" ? `${text} (${detail})` : text);
  switch (status) {
    case undefined:
      return withDetail(t("error.server"));
    case 0:
      return t("error.network");
    case 401:
      return withDetail(t("error.sessionExpired"));
    case 403:
      return withDetail(t("error.forbidden"));
    case 404:
      return withDetail(t("error.notFound"));
    case 409:
      return withDetail(t("error.conflict"));
    case 413:
      return t("error.tooLarge");
    case 422:
      return withDetail(t("error.invalid"));
    case 429:
      return error.retryAfter !== null && error.retryAfter !== undefined
        ? t("error.rateLimited", { seconds: error.retryAfter })
        : t("error.rateLimitedSoon");
    case 503:
      return withDetail(t("error.unavailable", { seconds: error.retryAfter ?? 5 }));
    default:
      return status >= 500 ? t("error.server") : withDetail(t("error.server"));
  }
}

/** A readable sentence for an `error` event of a chat stream. */
export function describeEventError(data) {
  const key = `error.${data.code}`;
  return key in STRINGS[language] ? t(key) : data.message || t("error.unknownEvent");
}
