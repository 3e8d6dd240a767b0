//! Media: upload (direct, and create-then-upload), download under both APIs (with and without a
//! file name), thumbnails, the config, and URL previews of the server's own media (loopback).

// The scenario exercises deprecated endpoints on purpose (the unauthenticated media endpoints): servers still serve them.
#![allow(deprecated)]

use generated_api::generated::client_server::{authed_content_repo, content_repo};
use generated_api::identifiers::ServerName;

use super::{variant, World};
use crate::interop::client::{Client, Session};

/// Uploads, downloads and previews; the image's `mxc://` URI is kept for the messages.
pub fn media(client: &mut Client, world: &mut World) -> Result<(), String> {
    let alice = world.user("alice")?;
    let png = png_square(64);
    let request = {
        let mut v = content_repo::upload_content::Request::new(png.clone());
        v.filename = Some("square.png".into());
        v.content_type = Some("image/png".into());
        v
    };
    let reply = client.call(&request, alice.auth(), 200)?;
    let uri = variant!(reply, content_repo::upload_content::Response::Status200).content_uri.into_string();
    let media_id =
        uri.strip_prefix("mxc://localhost/").ok_or_else(|| format!("unexpected content URI {uri}"))?.to_string();
    world.values.insert("mxc", uri);
    downloads(client, &alice, &media_id, &png)?;
    thumbnails(client, &alice, &media_id)?;
    create_then_upload(client, &alice)?;
    client.call(&content_repo::get_config::Request::new(), alice.auth(), 200)?;
    let reply = client.call(&authed_content_repo::get_config_authed::Request::new(), alice.auth(), 200)?;
    if variant!(reply, authed_content_repo::get_config_authed::Response::Status200).m_upload_size.is_none() {
        return Err("the media config has no upload size".into());
    }
    previews(client, &alice, &media_id)
}

fn localhost() -> ServerName {
    ServerName::from("localhost")
}

/// Every download endpoint returns the uploaded bytes.
fn downloads(client: &mut Client, who: &Session, media_id: &str, png: &[u8]) -> Result<(), String> {
    let same = |bytes: &[u8], endpoint: &str| -> Result<(), String> {
        if bytes == png {
            Ok(())
        } else {
            Err(format!("{endpoint} returned {} bytes, not the {} uploaded", bytes.len(), png.len()))
        }
    };
    let request = {
        let mut v = content_repo::get_content::Request::new(localhost(), media_id);
        v.allow_remote = Some(false);
        v
    };
    let reply = client.call(&request, who.auth(), 200)?;
    same(&variant!(reply, content_repo::get_content::Response::Status200).bytes, "getContent")?;
    let request = {
        let mut v = content_repo::get_content_override_name::Request::new(localhost(), media_id, "renamed.png");
        v.allow_remote = Some(false);
        v
    };
    let reply = client.call(&request, who.auth(), 200)?;
    same(
        &variant!(reply, content_repo::get_content_override_name::Response::Status200).bytes,
        "getContentOverrideName",
    )?;
    let request = {
        let mut v = authed_content_repo::get_content_authed::Request::new(localhost(), media_id);
        v.timeout_ms = Some(5000);
        v
    };
    let reply = client.call(&request, who.auth(), 200)?;
    same(&variant!(reply, authed_content_repo::get_content_authed::Response::Status200).bytes, "getContentAuthed")?;
    let request =
        authed_content_repo::get_content_override_name_authed::Request::new(localhost(), media_id, "renamed.png");
    let reply = client.call(&request, who.auth(), 200)?;
    same(
        &variant!(reply, authed_content_repo::get_content_override_name_authed::Response::Status200).bytes,
        "getContentOverrideNameAuthed",
    )
}

/// Thumbnails, scaled and cropped, under both APIs.
fn thumbnails(client: &mut Client, who: &Session, media_id: &str) -> Result<(), String> {
    for method in
        [content_repo::get_content_thumbnail::Method::Scale, content_repo::get_content_thumbnail::Method::Crop]
    {
        let request = {
            let mut v = content_repo::get_content_thumbnail::Request::new(localhost(), media_id, 32, 32);
            v.method = Some(method);
            v.allow_remote = Some(false);
            v
        };
        let reply = client.call(&request, who.auth(), 200)?;
        let bytes = variant!(reply, content_repo::get_content_thumbnail::Response::Status200);
        if !bytes.bytes.starts_with(b"\x89PNG") && !bytes.bytes.starts_with(b"\xff\xd8") {
            return Err("the thumbnail is neither PNG nor JPEG".into());
        }
    }
    let request = {
        let mut v = authed_content_repo::get_content_thumbnail_authed::Request::new(localhost(), media_id, 16, 16);
        v.method = Some(authed_content_repo::get_content_thumbnail_authed::Method::Scale);
        v.animated = Some(false);
        v
    };
    client.call(&request, who.auth(), 200)?;
    Ok(())
}

/// `POST /media/v1/create` reserves an ID; the upload to it fills it; a second upload is 409.
fn create_then_upload(client: &mut Client, who: &Session) -> Result<(), String> {
    let reply = client.call(&content_repo::create_content::Request::new(), who.auth(), 200)?;
    let uri = variant!(reply, content_repo::create_content::Response::Status200).content_uri.into_string();
    let media_id =
        uri.strip_prefix("mxc://localhost/").ok_or_else(|| format!("unexpected content URI {uri}"))?.to_string();
    let upload = || {
        let mut v = content_repo::upload_content_to_mxc::Request::new(
            localhost(),
            media_id.clone(),
            b"plain text, uploaded asynchronously".to_vec(),
        );
        v.filename = Some("notes.txt".into());
        v.content_type = Some("text/plain".into());
        v
    };
    client.call(&upload(), who.auth(), 200)?;
    client.call(&upload(), who.auth(), 409)?;
    Ok(())
}

/// Previews of the server's own download URL: the only address the server may fetch is
/// 127.0.0.1 (its config blocks every other).
fn previews(client: &mut Client, who: &Session, media_id: &str) -> Result<(), String> {
    let url = format!("{}/_matrix/media/v3/download/localhost/{media_id}", client.base_url);
    let request = content_repo::get_url_preview::Request::new(url.as_str());
    let reply = client.call(&request, who.auth(), 200)?;
    if variant!(reply, content_repo::get_url_preview::Response::Status200).matrix_image_size.is_none() {
        return Err("the preview of an image has no matrix:image:size".into());
    }
    let request = {
        let mut v = authed_content_repo::get_url_preview_authed::Request::new(url.as_str());
        v.ts = Some(0);
        v
    };
    client.call(&request, who.auth(), 200)?;
    Ok(())
}

/// A `size`×`size` RGB PNG (a colour gradient), written without an image library: zlib with
/// stored (uncompressed) deflate blocks is valid PNG data.
pub fn png_square(size: u32) -> Vec<u8> {
    let mut raw = Vec::new();
    for y in 0..size {
        raw.push(0); // filter: none
        for x in 0..size {
            raw.extend([(x * 4) as u8, (y * 4) as u8, 128]);
        }
    }
    let mut header = Vec::new();
    header.extend(size.to_be_bytes());
    header.extend(size.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]); // 8-bit RGB
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &header);
    chunk(&mut png, b"IDAT", &zlib_stored(&raw));
    chunk(&mut png, b"IEND", &[]);
    png
}

fn chunk(png: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    png.extend((data.len() as u32).to_be_bytes());
    let start = png.len();
    png.extend(kind);
    png.extend(data);
    let crc = crc32(&png[start..]);
    png.extend(crc.to_be_bytes());
}

/// zlib framing around stored deflate blocks (at most 65535 bytes each).
fn zlib_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x78, 0x01];
    let blocks: Vec<&[u8]> = data.chunks(65535).collect();
    for (i, block) in blocks.iter().enumerate() {
        out.push(u8::from(i + 1 == blocks.len()));
        let len = block.len() as u16;
        out.extend(len.to_le_bytes());
        out.extend((!len).to_le_bytes());
        out.extend(*block);
    }
    out.extend(adler32(data).to_be_bytes());
    out
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

fn adler32(bytes: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for byte in bytes {
        a = (a + u32::from(*byte)) % 65521;
        b = (b + a) % 65521;
    }
    (b << 16) | a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksums_match_their_references() {
        assert_eq!(crc32(b"123456789"), 0xcbf4_3926);
        assert_eq!(adler32(b"Wikipedia"), 0x11e6_0398);
    }

    #[test]
    fn png_has_its_chunks() {
        let png = png_square(4);
        assert!(png.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(&png[12..16], b"IHDR");
        assert!(png.ends_with(&[b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82]));
    }
}
