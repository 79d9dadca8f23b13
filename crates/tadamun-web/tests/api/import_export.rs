//! Importing a small CSV in both modes, the error report download, and exports.

use crate::helpers::{household, plain, spawn_app};
use tadamun_store::testing::fixtures::system;

const HEADER: &str = "household_ref,governorate,address,given_name,father_name,family_name,sex,birth_date,relationship,id_number";

fn file() -> Vec<u8> {
    [
        HEADER,
        "H1,JO-IR,الحي الشرقي,محمد,أحمد,الزعبي,M,1980-03-15,head,9801012345",
        "H1,JO-IR,الحي الشرقي,سلمى,علي,الزعبي,F,1984-02-01,spouse,9841012345",
        "H2,JO-AM,جبل عمان,خالد,سعيد,العمري,M,31/12/1970,head,9701012345",
        "H3,JO-ZZ,مكان,سامي,نبيل,الخطيب,M,1975-01-01,head,9751012345",
    ]
    .join("\n")
    .into_bytes()
}

#[tokio::test]
async fn an_import_reports_bad_rows_in_both_modes_and_offers_the_error_report() {
    let app = spawn_app().await;
    app.login_as_clerk().await;
    let (status, body) = app.get_page("/import").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("household_ref"),
        "the layout help lists the columns"
    );

    let (status, url, body) = app
        .import_file("families.csv", file(), "all_or_nothing")
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(url.contains("/import/"));
    let body = plain(&body);
    assert!(body.contains("مرفوض"), "all or nothing rejects the file");
    assert!(
        body.contains("التاريخ غير صحيح"),
        "the row error is translated from its code"
    );
    assert_eq!(app.store.count_households(&system()).await.unwrap(), 0);

    let (status, url, body) = app.import_file("families.csv", file(), "valid_rows").await;
    assert_eq!(status, 200);
    assert!(plain(&body).contains("مكتمل"));
    assert_eq!(app.store.count_households(&system()).await.unwrap(), 1);

    let r = app
        .browser
        .get(format!("{url}/errors.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM for Excel");
    let text = String::from_utf8_lossy(&bytes);
    assert!(text.contains("row,column,household_ref,code,message"));
    assert!(text.contains("birth_date") && text.contains("H3"));

    let (_, body) = app.get_page("/import").await;
    assert_eq!(
        body.matches("families.csv").count(),
        2,
        "both runs are listed"
    );
}

#[tokio::test]
async fn an_unreadable_file_is_explained_on_the_import_page() {
    let app = spawn_app().await;
    app.login_as_clerk().await;
    let (status, _, body) = app
        .import_file("empty.csv", b"colour\nred\n".to_vec(), "valid_rows")
        .await;
    assert_eq!(status, 422);
    assert!(body.contains("id=\"import-alert\""));
}

#[tokio::test]
async fn the_registry_downloads_as_csv_and_as_right_to_left_xlsx() {
    let app = spawn_app().await;
    app.seed(&household("أحمد", "الزعبي", 50, "")).await;
    app.login_as_clerk().await;
    let r = app
        .browser
        .get(app.url("/export.csv"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    assert!(
        r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".csv")
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(String::from_utf8_lossy(&bytes).contains("الزعبي"));

    let r = app
        .browser
        .get(app.url("/export.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["content-type"],
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    );
    assert!(
        r.bytes().await.unwrap().starts_with(b"PK"),
        "a zip container"
    );
}
