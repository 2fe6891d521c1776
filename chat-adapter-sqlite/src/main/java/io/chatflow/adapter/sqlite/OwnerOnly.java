package io.chatflow.adapter.sqlite;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates the data directory and the database file readable by their owner only. */
final class OwnerOnly {
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnly() {}

  /** Every directory created here is rwx------ (on file systems with POSIX modes). */
  static void createDirectories(Path dir) throws IOException {
    if (POSIX) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** A new empty file, rw-------; FileAlreadyExistsException when there is one. */
  static void createFile(Path file) throws IOException {
    if (POSIX) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
  }
}
