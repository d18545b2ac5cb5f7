//! A PostgreSQL server for one test: a temporary data directory, a free port on 127.0.0.1,
//! trust authentication; stopped (and its directory removed) when dropped. The server refuses
//! to run as root, so under root it runs as the `postgres` user.

use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::PATIENCE;

pub struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    user: Option<(u32, u32)>,
    server: Option<Child>,
}

/// The directory of `initdb` and `postgres`: on the `PATH`, or in Debian's
/// `/usr/lib/postgresql/<version>/bin`.
fn binaries() -> Option<PathBuf> {
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path).find(|dir| dir.join("initdb").is_file() && dir.join("postgres").is_file())
    });
    on_path.or_else(|| {
        let mut versions: Vec<PathBuf> =
            std::fs::read_dir("/usr/lib/postgresql").ok()?.flatten().map(|e| e.path().join("bin")).collect();
        versions.sort();
        versions.into_iter().rev().find(|dir| dir.join("initdb").is_file())
    })
}

/// The uid and gid of `name`, from /etc/passwd.
fn user(name: &str) -> Option<(u32, u32)> {
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    let line = passwd.lines().find(|line| line.split(':').next() == Some(name))?;
    let mut fields = line.split(':').skip(2);
    Some((fields.next()?.parse().ok()?, fields.next()?.parse().ok()?))
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|out| String::from_utf8_lossy(&out.stdout).trim() == "0")
}

impl Postgres {
    /// Starts a server, or `None` (saying so) where PostgreSQL's binaries are absent.
    pub async fn start(test: &str) -> Option<Postgres> {
        let Some(bin) = binaries() else {
            println!("PostgreSQL's initdb and postgres are not installed: {test} is skipped");
            return None;
        };
        let user =
            if is_root() { Some(user("postgres").expect("root runs the server as the `postgres` user")) } else { None };
        let dir = std::env::temp_dir().join(format!("job-service-pg-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        if let Some((uid, gid)) = user {
            std::os::unix::fs::chown(&dir, Some(uid), Some(gid)).unwrap();
        }
        let data = dir.join("data");
        let mut initdb = Command::new(bin.join("initdb"));
        initdb.arg("-D").arg(&data).args(["-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"]);
        let status = as_user(&mut initdb, user).stdout(Stdio::null()).stderr(Stdio::null()).status().unwrap();
        assert!(status.success(), "initdb failed");
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let mut postgres = Postgres { dir, bin, port, user, server: None };
        postgres.run().await;
        Some(postgres)
    }

    /// The connection string.
    pub fn url(&self) -> String {
        format!("postgres://postgres@127.0.0.1:{}/postgres", self.port)
    }

    async fn run(&mut self) {
        let mut server = Command::new(self.bin.join("postgres"));
        server
            .arg("-D")
            .arg(self.dir.join("data"))
            .args(["-p", &self.port.to_string(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off"])
            .arg("-k")
            .arg(&self.dir);
        let log = std::fs::File::create(self.dir.join("log")).unwrap();
        if let Some((uid, gid)) = self.user {
            std::os::unix::fs::chown(self.dir.join("log"), Some(uid), Some(gid)).unwrap();
        }
        self.server = Some(as_user(&mut server, self.user).stdout(Stdio::null()).stderr(log).spawn().unwrap());
        let deadline = Instant::now() + PATIENCE;
        while tokio_postgres::connect(&self.url(), tokio_postgres::NoTls).await.is_err() {
            assert!(Instant::now() < deadline, "PostgreSQL did not start: {}", self.log());
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("log")).unwrap_or_default()
    }

    /// Stops the server (a fast shutdown: open connections are ended).
    pub fn stop(&mut self) {
        if let Some(mut server) = self.server.take() {
            let _ = Command::new("kill").arg("-INT").arg(server.id().to_string()).status();
            let _ = server.wait();
        }
    }

    /// Starts it again, on the same port and data.
    pub async fn restart(&mut self) {
        self.stop();
        self.run().await;
    }

    /// A client of its own.
    pub async fn client(&self) -> tokio_postgres::Client {
        let (client, connection) = tokio_postgres::connect(&self.url(), tokio_postgres::NoTls).await.unwrap();
        tokio::spawn(connection);
        client
    }

    /// The rows, by id.
    pub async fn rows(&self) -> std::collections::BTreeMap<i64, String> {
        let rows = self.client().await.query("SELECT id, payload FROM jobs", &[]).await.unwrap();
        rows.iter().map(|row| (row.get(0), row.get(1))).collect()
    }

    pub fn data(&self) -> &Path {
        &self.dir
    }
}

fn as_user(command: &mut Command, user: Option<(u32, u32)>) -> &mut Command {
    if let Some((uid, gid)) = user {
        command.uid(uid).gid(gid);
    }
    command
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
