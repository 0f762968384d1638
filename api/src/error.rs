//! The API's one error type and its single mapping to `application/problem+json` (API.md).

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use chrono::{FixedOffset, Offset, Utc};
use persistence::PersistenceError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::Lang;

/// Everything a request can fail with. Each variant has one status, one stable `code` and a
/// message in Vietnamese and English.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("account disabled")]
    AccountDisabled,
    #[error("missing or invalid access token")]
    Unauthenticated,
    #[error("invalid or spent refresh token")]
    InvalidRefreshToken,
    #[error("password change required")]
    PasswordChangeRequired,
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    #[error("malformed body: {0}")]
    MalformedBody(String),
    #[error("payload too large")]
    PayloadTooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// An upload that is neither CSV nor XLSX.
    #[error("unsupported file type")]
    UnsupportedFileType,
    #[error("conflict: {0}")]
    Conflict(String),
    /// `If-Match` names a version that is no longer current.
    #[error("version conflict")]
    VersionConflict,
    /// A write that must name the version it changes (`If-Match`) did not.
    #[error("precondition required")]
    PreconditionRequired,
    /// Like `Refused`, listing what caused it (people undecided, groups over quota).
    #[error("refused: {code}")]
    RefusedWithErrors {
        status: StatusCode,
        code: &'static str,
        message_vi: String,
        message_en: String,
        errors: Vec<FieldError>,
    },
    /// A business rule refused the request: its own status, stable code and message.
    #[error("refused: {code}")]
    Refused {
        status: StatusCode,
        code: &'static str,
        message_vi: String,
        message_en: String,
    },
    /// Too many sign-in attempts from this address or for this username.
    #[error("too many requests; retry after {retry_after_seconds} s")]
    TooManyRequests { retry_after_seconds: u64 },
    #[error("service unavailable: {0}")]
    Unavailable(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    message_vi: String,
    message_en: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message_vi: &str, message_en: &str) -> Self {
        Self {
            field: field.to_owned(),
            code: code.to_owned(),
            message_vi: message_vi.to_owned(),
            message_en: message_en.to_owned(),
        }
    }

    /// The Vietnamese and the English message.
    pub fn messages(&self) -> (&str, &str) {
        (&self.message_vi, &self.message_en)
    }
}

/// The problem+json body (RFC 9457) every error answers with.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI reference naming the problem type: `/problems/{code}`.
    #[serde(rename = "type")]
    pub problem_type: String,
    pub title: String,
    pub status: u16,
    /// Stable snake_case identifier for programs (e.g. `invalid_credentials`).
    pub code: String,
    /// Explanation for people, in the request's language.
    pub detail: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<ProblemField>>,
}

/// A field error inside [`Problem`].
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemField {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl ApiError {
    /// The stable code clients match on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidCredentials => "invalid_credentials",
            Self::AccountDisabled => "account_disabled",
            Self::Unauthenticated => "unauthorized",
            Self::InvalidRefreshToken => "invalid_refresh_token",
            Self::PasswordChangeRequired => "password_change_required",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Validation(_) => "validation_failed",
            Self::MalformedBody(_) => "malformed_body",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::UnsupportedFileType => "unsupported_file_type",
            Self::Conflict(_) => "conflict",
            Self::VersionConflict => "version_conflict",
            Self::PreconditionRequired => "precondition_required",
            Self::Refused { code, .. } | Self::RefusedWithErrors { code, .. } => code,
            Self::TooManyRequests { .. } => "too_many_requests",
            Self::Unavailable(_) => "service_unavailable",
            Self::Internal(_) => "internal_error",
        }
    }

    fn title_and_detail(&self, lang: Lang) -> (String, String) {
        let (title, detail): ((&str, &str), (String, String)) = match self {
            Self::InvalidCredentials => (
                ("Sai thông tin đăng nhập", "Invalid credentials"),
                same(
                    "Tên đăng nhập hoặc mật khẩu không đúng.",
                    "The username or password is incorrect.",
                ),
            ),
            Self::AccountDisabled => (
                ("Tài khoản bị vô hiệu", "Account disabled"),
                same(
                    "Tài khoản đã bị hạn chế hoặc thu hồi. Liên hệ quản trị đơn vị.",
                    "The account is restricted or revoked. Contact your unit administrator.",
                ),
            ),
            Self::Unauthenticated => (
                ("Chưa đăng nhập", "Not signed in"),
                same(
                    "Thiếu hoặc sai mã truy cập; hãy đăng nhập lại.",
                    "The access token is missing, invalid or expired; sign in again.",
                ),
            ),
            Self::InvalidRefreshToken => (
                ("Phiên đăng nhập không hợp lệ", "Invalid session"),
                same(
                    "Mã làm mới không hợp lệ, đã dùng hoặc đã hết hạn; hãy đăng nhập lại.",
                    "The refresh token is invalid, spent or expired; sign in again.",
                ),
            ),
            Self::PasswordChangeRequired => (
                ("Cần đổi mật khẩu", "Password change required"),
                same(
                    "Bạn cần đổi mật khẩu trước khi tiếp tục.",
                    "You must change your password before you continue.",
                ),
            ),
            Self::Forbidden => (
                ("Không có quyền", "Forbidden"),
                same(
                    "Bạn không có quyền thực hiện thao tác này.",
                    "You may not perform this action.",
                ),
            ),
            Self::NotFound => (
                ("Không tìm thấy", "Not found"),
                same(
                    "Không tìm thấy tài nguyên yêu cầu.",
                    "The requested resource was not found.",
                ),
            ),
            Self::Validation(_) => (
                ("Dữ liệu không hợp lệ", "Validation failed"),
                same(
                    "Một số trường dữ liệu không hợp lệ; xem danh sách lỗi.",
                    "Some fields are invalid; see the list of errors.",
                ),
            ),
            Self::MalformedBody(reason) => (
                ("Nội dung yêu cầu sai định dạng", "Malformed request body"),
                (
                    format!("Nội dung yêu cầu không phải JSON hợp lệ: {reason}"),
                    format!("The request body is not valid JSON: {reason}"),
                ),
            ),
            Self::PayloadTooLarge => (
                ("Nội dung quá lớn", "Payload too large"),
                same(
                    "Nội dung yêu cầu vượt quá giới hạn cho phép.",
                    "The request body exceeds the allowed size.",
                ),
            ),
            Self::UnsupportedMediaType => (
                ("Sai kiểu nội dung", "Unsupported media type"),
                same(
                    "Nội dung phải là application/json.",
                    "The body must be application/json.",
                ),
            ),
            Self::UnsupportedFileType => (
                ("Sai loại tệp", "Unsupported file type"),
                same(
                    "Tệp phải là CSV (text/csv) hoặc Excel XLSX (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).",
                    "The file must be CSV (text/csv) or Excel XLSX (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).",
                ),
            ),
            Self::Conflict(reason) => (
                ("Xung đột dữ liệu", "Conflict"),
                (
                    format!("Dữ liệu xung đột: {reason}"),
                    format!("Conflicting data: {reason}"),
                ),
            ),
            Self::VersionConflict => (
                ("Dữ liệu đã thay đổi", "Version conflict"),
                same(
                    "Phiếu đã được người khác cập nhật; hãy tải lại rồi thực hiện lại.",
                    "Someone else changed it meanwhile; reload and try again.",
                ),
            ),
            Self::PreconditionRequired => (
                ("Thiếu phiên bản", "Precondition required"),
                same(
                    "Cần gửi kèm If-Match với ETag của phiếu đang sửa.",
                    "Send If-Match with the ETag of the version you change.",
                ),
            ),
            Self::Refused {
                message_vi,
                message_en,
                ..
            }
            | Self::RefusedWithErrors {
                message_vi,
                message_en,
                ..
            } => (
                ("Yêu cầu bị từ chối", "Request refused"),
                (message_vi.clone(), message_en.clone()),
            ),
            Self::TooManyRequests {
                retry_after_seconds,
            } => (
                ("Quá nhiều yêu cầu", "Too many requests"),
                (
                    format!(
                        "Quá nhiều lần thử đăng nhập; vui lòng thử lại sau {retry_after_seconds} giây."
                    ),
                    format!(
                        "Too many sign-in attempts; try again in {retry_after_seconds} seconds."
                    ),
                ),
            ),
            Self::Unavailable(_) => (
                ("Dịch vụ tạm thời không sẵn sàng", "Service unavailable"),
                same(
                    "Không kết nối được cơ sở dữ liệu; vui lòng thử lại sau.",
                    "The database cannot be reached; try again later.",
                ),
            ),
            Self::Internal(_) => (
                ("Lỗi hệ thống", "Internal error"),
                same(
                    "Đã xảy ra lỗi hệ thống; lỗi đã được ghi lại.",
                    "An internal error occurred; it has been logged.",
                ),
            ),
        };
        let title = match lang {
            Lang::Vi => title.0,
            Lang::En => title.1,
        };
        let detail = match lang {
            Lang::Vi => detail.0,
            Lang::En => detail.1,
        };
        (title.to_owned(), detail)
    }

    /// The problem+json body in `lang`.
    pub fn to_problem(&self, lang: Lang) -> Problem {
        let (title, detail) = self.title_and_detail(lang);
        let errors = match self {
            Self::Validation(fields) | Self::RefusedWithErrors { errors: fields, .. } => Some(
                fields
                    .iter()
                    .map(|f| ProblemField {
                        field: f.field.clone(),
                        code: f.code.clone(),
                        message: lang.pick(&f.message_vi, &f.message_en).to_owned(),
                    })
                    .collect(),
            ),
            _ => None,
        };
        Problem {
            problem_type: format!("/problems/{}", self.code()),
            title,
            status: self.status_code().as_u16(),
            code: self.code().to_owned(),
            detail,
            errors,
        }
    }
}

fn same(vi: &str, en: &str) -> (String, String) {
    (vi.to_owned(), en.to_owned())
}

/// Vietnam's offset (UTC+7, no daylight saving).
pub fn vietnam() -> FixedOffset {
    match FixedOffset::east_opt(7 * 3600) {
        Some(offset) => offset,
        None => Utc.fix(),
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::InvalidCredentials | Self::Unauthenticated | Self::InvalidRefreshToken => {
                StatusCode::UNAUTHORIZED
            }
            Self::AccountDisabled | Self::PasswordChangeRequired | Self::Forbidden => {
                StatusCode::FORBIDDEN
            }
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::MalformedBody(_) => StatusCode::BAD_REQUEST,
            Self::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::UnsupportedMediaType | Self::UnsupportedFileType => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::VersionConflict => StatusCode::PRECONDITION_FAILED,
            Self::PreconditionRequired => StatusCode::PRECONDITION_REQUIRED,
            Self::Refused { status, .. } | Self::RefusedWithErrors { status, .. } => *status,
            Self::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            // Logged once here, with the cause chain; the body never shows internals.
            Self::Internal(error) => {
                tracing::error!(error = format!("{error:#}"), "request failed")
            }
            Self::Unavailable(reason) => tracing::warn!(%reason, "database unavailable"),
            _ => {}
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        if let Self::TooManyRequests {
            retry_after_seconds,
        } = self
        {
            response.insert_header((header::RETRY_AFTER, retry_after_seconds.to_string()));
        }
        // The database is down or every connection is busy: try again in a moment.
        if matches!(self, Self::Unavailable(_)) {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from_static("2")));
        }
        if matches!(self, Self::Unauthenticated) {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.json(self.to_problem(Lang::current()))
    }
}

impl ApiError {
    /// A 409 with a stable code and a message in both languages.
    pub fn conflict(
        code: &'static str,
        message_vi: impl Into<String>,
        message_en: impl Into<String>,
    ) -> Self {
        Self::Refused {
            status: StatusCode::CONFLICT,
            code,
            message_vi: message_vi.into(),
            message_en: message_en.into(),
        }
    }

    /// A 422 for one field, with a stable code and a message in both languages.
    pub fn field(field: &str, code: &str, message_vi: &str, message_en: &str) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message_vi, message_en)])
    }
}

impl From<PersistenceError> for ApiError {
    fn from(error: PersistenceError) -> Self {
        match error {
            PersistenceError::NotFound => Self::NotFound,
            PersistenceError::InvalidText(_) => Self::Validation(vec![FieldError::new(
                "body",
                "invalid_characters",
                "Nội dung có ký tự không hợp lệ (ví dụ ký tự NUL).",
                "The text holds characters that cannot be stored (such as NUL).",
            )]),
            PersistenceError::Pool(reason) | PersistenceError::Connection(reason) => {
                Self::Unavailable(reason)
            }
            other => Self::Internal(anyhow::Error::new(other)),
        }
    }
}

/// A workbook that cannot be written is the server's fault.
impl From<rust_xlsxwriter::XlsxError> for ApiError {
    fn from(error: rust_xlsxwriter::XlsxError) -> Self {
        Self::Internal(anyhow::anyhow!("xlsx: {error}"))
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(error: diesel::result::Error) -> Self {
        PersistenceError::from(error).into()
    }
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> Self {
        let mut fields = Vec::new();
        collect_field_errors("", &errors, &mut fields);
        fields.sort_by(|a, b| a.field.cmp(&b.field));
        Self::Validation(fields)
    }
}

/// Flattens nested validation errors into dotted field names (`position.form_code`,
/// `roles[0].decision_number`).
fn collect_field_errors(
    prefix: &str,
    errors: &validator::ValidationErrors,
    out: &mut Vec<FieldError>,
) {
    use validator::ValidationErrorsKind as Kind;
    for (field, kind) in errors.errors() {
        let name = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            Kind::Field(list) => out.extend(list.iter().map(|e| field_error(&name, e))),
            Kind::Struct(inner) => collect_field_errors(&name, inner, out),
            Kind::List(items) => {
                for (index, inner) in items {
                    collect_field_errors(&format!("{name}[{index}]"), inner, out);
                }
            }
        }
    }
}

fn field_error(field: &str, error: &validator::ValidationError) -> FieldError {
    let param = |name: &str| error.params.get(name).map(ToString::to_string);
    let (vi, en) = match error.code.as_ref() {
        "length" => match (param("min"), param("max")) {
            (Some(min), Some(max)) => (
                format!("Độ dài phải từ {min} đến {max} ký tự."),
                format!("Length must be between {min} and {max} characters."),
            ),
            (Some(min), None) => (
                format!("Cần ít nhất {min} ký tự."),
                format!("At least {min} characters are required."),
            ),
            (None, Some(max)) => (
                format!("Tối đa {max} ký tự."),
                format!("At most {max} characters are allowed."),
            ),
            (None, None) => same("Độ dài không hợp lệ.", "Invalid length."),
        },
        "range" => same(
            "Giá trị nằm ngoài khoảng cho phép.",
            "The value is out of range.",
        ),
        "email" => same(
            "Địa chỉ thư điện tử không hợp lệ.",
            "Invalid e-mail address.",
        ),
        "required" => same("Trường này là bắt buộc.", "This field is required."),
        "code_characters" => same(
            "Mã chỉ gồm chữ không dấu, chữ số và các ký tự - _ .",
            "A code may only hold ASCII letters, digits and - _ .",
        ),
        "unknown_office" => same(
            "Chức danh (office) không có trong danh sách của Điều 10.1 (xem GET /evaluator-rules).",
            "Unknown office tag (see GET /evaluator-rules).",
        ),
        _ => same("Giá trị không hợp lệ.", "Invalid value."),
    };
    FieldError::new(field, &error.code, &vi, &en)
}

/// Maps actix's JSON extractor failures to problem+json (actix answers text/plain otherwise).
pub fn json_error(error: actix_web::error::JsonPayloadError) -> ApiError {
    use actix_web::error::JsonPayloadError as E;
    match error {
        E::OverflowKnownLength { .. } | E::Overflow { .. } => ApiError::PayloadTooLarge,
        E::ContentType => ApiError::UnsupportedMediaType,
        E::Deserialize(ref inner) if inner.is_data() => {
            // A missing field or a value of the wrong type: say which, as a field error.
            let message = inner.to_string();
            let field = message.split('`').nth(1).unwrap_or("body").to_owned();
            let code = if message.starts_with("missing field") {
                "required"
            } else {
                "invalid_type"
            };
            ApiError::Validation(vec![FieldError::new(
                &field,
                code,
                &format!("Trường không hợp lệ hoặc bị thiếu ({message})."),
                &format!("Invalid or missing field ({message})."),
            )])
        }
        E::Deserialize(inner) => ApiError::MalformedBody(inner.to_string()),
        other => ApiError::MalformedBody(other.to_string()),
    }
}

/// Maps failures of path and query extractors to a 400 problem.
pub fn request_error(error: impl std::fmt::Display) -> ApiError {
    ApiError::Validation(vec![FieldError::new(
        "query",
        "invalid_parameter",
        &format!("Tham số không hợp lệ: {error}"),
        &format!("Invalid parameter: {error}"),
    )])
}

/// A unit named in a body that does not exist or is outside the caller's scope.
pub fn unknown_unit(field: &str) -> ApiError {
    ApiError::field(
        field,
        "unknown_unit",
        "Không tìm thấy đơn vị trong phạm vi quản lý của bạn.",
        "No such unit within your scope.",
    )
}

/// A person named in a body that does not exist or is outside the caller's scope.
pub fn unknown_person(field: &str) -> ApiError {
    ApiError::field(
        field,
        "unknown_person",
        "Không tìm thấy người này trong phạm vi quản lý của bạn.",
        "No such person within your scope.",
    )
}
