//! Shared pieces of the server-rendered pages: the layout's data ("chrome") and the
//! generic form field every form is drawn from. Page-specific templates live beside
//! their handlers in `routes/`.

use askama::Template;
use axum::response::{Html, IntoResponse, Response};
use tadamun_domain::access::Permission;

use crate::{
    assets,
    error::{AppError, ErrorReport},
    i18n::Tr,
    session::PageUser,
};

/// What the layout needs: language, title, the signed-in user and the current page.
#[derive(Debug, Clone)]
pub(crate) struct Chrome {
    pub tr: Tr,
    pub title: String,
    pub user_name: Option<String>,
    /// Whether to link the user administration pages.
    pub can_manage_users: bool,
    /// Which navigation entry is current (`dashboard`, `search`, …).
    pub current: &'static str,
    /// Where the language toggle returns to.
    pub here: String,
    pub css_href: String,
    pub htmx_href: &'static str,
    /// What the signed-in user may do, so the navigation offers only that.
    pub permissions: std::collections::BTreeSet<Permission>,
}

impl Chrome {
    pub fn new(
        tr: Tr,
        title: String,
        user: Option<&PageUser>,
        current: &'static str,
        here: impl Into<String>,
    ) -> Self {
        Self {
            tr,
            title,
            user_name: user.map(|u| u.user.display_name.clone()),
            can_manage_users: user
                .is_some_and(|u| u.access.can(tadamun_domain::access::Permission::UserManage)),
            current,
            here: here.into(),
            css_href: assets::css_href(),
            htmx_href: assets::HTMX_HREF,
            permissions: user
                .map(|u| u.access.permissions.clone())
                .unwrap_or_default(),
        }
    }

    /// Whether the user holds the named permission (`household.read`…), for templates.
    pub fn can(&self, permission: &str) -> bool {
        Permission::parse(permission).is_ok_and(|p| self.permissions.contains(&p))
    }

    pub fn for_user(
        user: &PageUser,
        title_key: &str,
        current: &'static str,
        here: impl Into<String>,
    ) -> Self {
        Self::new(user.tr, user.tr.t(title_key), Some(user), current, here)
    }

    pub fn t(&self, key: &str) -> String {
        self.tr.t(key)
    }

    pub fn signed_in_as(&self) -> String {
        self.tr.t_args(
            "nav-signed-in",
            &[("name", self.user_name.clone().unwrap_or_default())],
        )
    }

    /// The locale the toggle switches to.
    pub fn other_locale(&self) -> &'static str {
        if self.tr.is_arabic() { "en" } else { "ar" }
    }

    pub fn other_lang_attr(&self) -> &'static str {
        self.other_locale()
    }

    pub fn other_digits(&self) -> &'static str {
        match self.tr.digits {
            tadamun_domain::user::DigitStyle::Western => "arabic_indic",
            tadamun_domain::user::DigitStyle::ArabicIndic => "western",
        }
    }

    pub fn other_digits_label(&self) -> String {
        self.tr.t(if self.other_digits() == "western" {
            "pref-digits-western"
        } else {
            "pref-digits-arabic-indic"
        })
    }

    pub fn is_current(&self, id: &str) -> bool {
        self.current == id
    }
}

/// Renders a template to an HTML response; a template error is an internal error.
pub(crate) fn render(template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => AppError::Internal(anyhow::anyhow!("template: {e}")).into_response(),
    }
}

/// One `<select>` option.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

/// A form input with its label, current value and translated error.
#[derive(Debug, Clone)]
pub(crate) struct FormField {
    pub name: String,
    pub id: String,
    pub label: String,
    /// `text`, `tel`, `date`, `number`, `select`, `checkbox`, `hidden`.
    pub kind: &'static str,
    pub value: String,
    pub choices: Vec<Choice>,
    pub checked: bool,
    pub error: Option<String>,
    pub required: bool,
    /// Numbers and codes are typed left to right even in an Arabic form.
    pub ltr: bool,
}

impl FormField {
    pub fn new(
        name: impl Into<String>,
        label: String,
        kind: &'static str,
        value: impl Into<String>,
    ) -> Self {
        let name = name.into();
        let id = format!(
            "f-{}",
            name.replace(['[', ']', '.'], "-").replace("--", "-")
        );
        Self {
            name,
            id,
            label,
            kind,
            value: value.into(),
            choices: Vec::new(),
            checked: false,
            error: None,
            required: false,
            ltr: false,
        }
    }

    pub fn ltr(mut self) -> Self {
        self.ltr = true;
        self
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    /// A select whose options are `(value, label)`; an empty first option when optional.
    pub fn select(
        name: impl Into<String>,
        label: String,
        value: &str,
        options: Vec<(String, String)>,
        tr: &Tr,
    ) -> Self {
        let mut f = Self::new(name, label, "select", value);
        f.choices.push(Choice {
            value: String::new(),
            label: tr.t("form-choose"),
            selected: value.is_empty(),
        });
        f.choices.extend(options.into_iter().map(|(v, l)| Choice {
            selected: v == value,
            value: v,
            label: l,
        }));
        f
    }

    pub fn checkbox(name: impl Into<String>, label: String, checked: bool) -> Self {
        let mut f = Self::new(name, label, "checkbox", "1");
        f.checked = checked;
        f
    }

    pub fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage {
    page: Chrome,
    message: String,
    fields: Vec<String>,
}

/// The HTML page for an error report, in the visitor's language.
pub(crate) fn error_page(tr: Tr, report: &ErrorReport) -> Response {
    let message = tr
        .try_t(&format!("error-{}", report.code))
        .unwrap_or_else(|| tr.t("error-internal"));
    let fields = report
        .fields
        .iter()
        .map(|f| {
            format!(
                "{}: {}",
                tr.field_label(&f.field),
                tr.error_code(f.code, &f.message)
            )
        })
        .collect();
    let page = ErrorPage {
        page: Chrome::new(tr, tr.t("error-title"), None, "", "/"),
        message,
        fields,
    };
    let mut response = render(&page);
    *response.status_mut() = report.status;
    response
}
