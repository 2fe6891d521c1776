package io.chatflow.adapter.sqlite;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One open store per database file, in this process or any other. SQLite itself would let
 * two share it safely, but each delivers live events only for the writes it made, and a
 * client resuming from a cursor would then skip the other's. Held through a lock on a file
 * beside the database ({@code <db>.lock}); the OS lets go of it when the process dies.
 */
final class FileOwner implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private FileOwner(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  static FileOwner claim(Path db) {
    Path file = db.resolveSibling(db.getFileName() + ".lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new SqliteStoreException("cannot open database file " + db + ": cannot create " + file, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held in this process
    } catch (IOException e) {
      closeQuietly(channel);
      throw new SqliteStoreException("cannot lock " + file, e);
    }
    if (lock == null) {
      closeQuietly(channel);
      throw new SqliteStoreException("database file " + db
          + " is already open in another ChatFlow (in this process or another); one at a time per file");
    }
    return new FileOwner(channel, lock);
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // closing the channel below lets go of it as well
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      // nothing left to do with it
    }
  }
}
