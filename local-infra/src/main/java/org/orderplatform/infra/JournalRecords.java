package org.orderplatform.infra;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * The records of the journal and snapshot files, each framed as {@code int length, int CRC32, body} so that a
 * record cut short by a crash, or damaged, is recognised. A body is a kind byte, the database and collection names
 * as C strings, then for a put or delete the document's key as a BSON value and for a put the document as BSON,
 * both in mongo-java-server's own encoding, which keeps every type it stores (ObjectId, dates, Int32 vs Int64,
 * Decimal128, binary, nested documents and arrays, null). One instance holds the records of one change (or of a
 * snapshot's next mebibyte) in one buffer, so that they reach the file with one write.
 */
final class JournalRecords {

    /** The whole document as it is after an insert, update or replace. */
    static final byte PUT = 1;
    /** The document of that key is gone. */
    static final byte DELETE = 2;
    /** The collection and all its documents are gone. */
    static final byte DROP = 3;

    static final int FRAME_HEADER_BYTES = 8;
    /** A BSON document is at most 16 MiB; anything longer is a damaged length. */
    static final int MAX_BODY_BYTES = 17 * 1024 * 1024;

    private final ByteBuf buffer;

    JournalRecords() {
        this(256);
    }

    JournalRecords(int initialCapacity) {
        this.buffer = Unpooled.buffer(initialCapacity);
    }

    JournalRecords put(String database, String collection, Object key, Document document) {
        int body = begin(PUT, database, collection);
        encodeValue(key);
        BsonEncoder.encodeDocument(document, buffer);
        end(body);
        return this;
    }

    JournalRecords delete(String database, String collection, Object key) {
        int body = begin(DELETE, database, collection);
        encodeValue(key);
        end(body);
        return this;
    }

    JournalRecords drop(String database, String collection) {
        end(begin(DROP, database, collection));
        return this;
    }

    /** The frames written so far, as a buffer to hand to {@code FileChannel.write}. */
    ByteBuffer bytes() {
        return buffer.nioBuffer();
    }

    int size() {
        return buffer.readableBytes();
    }

    void clear() {
        buffer.clear();
    }

    private int begin(byte kind, String database, String collection) {
        buffer.writeZero(FRAME_HEADER_BYTES);
        int body = buffer.writerIndex();
        buffer.writeByte(kind);
        encodeCString(database);
        encodeCString(collection);
        return body;
    }

    private void end(int body) {
        int length = buffer.writerIndex() - body;
        CRC32 crc = new CRC32();
        crc.update(buffer.array(), buffer.arrayOffset() + body, length);
        buffer.setInt(body - FRAME_HEADER_BYTES, length);
        buffer.setInt(body - FRAME_HEADER_BYTES + 4, (int) crc.getValue());
    }

    private void encodeValue(Object value) {
        byte type = BsonEncoder.determineType(value);
        buffer.writeByte(type);
        BsonEncoder.encodeValue(type, value, buffer);
    }

    private void encodeCString(String name) {
        buffer.writeBytes(name.getBytes(StandardCharsets.UTF_8));
        buffer.writeByte(0);
    }

    static boolean hasValidChecksum(byte[] body, int expectedCrc) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) crc.getValue() == expectedCrc;
    }

    /** Reads a body whose checksum is valid; throws {@link IllegalArgumentException} if it is not a record. */
    static Change decode(byte[] body) {
        ByteBuf in = Unpooled.wrappedBuffer(body);
        try {
            byte kind = in.readByte();
            String database = BsonDecoder.decodeCString(in);
            String collection = BsonDecoder.decodeCString(in);
            Object key = null;
            Document document = null;
            if (kind == PUT || kind == DELETE) {
                key = BsonDecoder.decodeValue(in.readByte(), in);
            }
            if (kind == PUT) {
                document = BsonDecoder.decodeBson(in);
            } else if (kind != DELETE && kind != DROP) {
                throw new IllegalArgumentException("unknown record kind " + kind);
            }
            if (in.isReadable()) {
                throw new IllegalArgumentException(in.readableBytes() + " bytes after the record");
            }
            return new Change(kind, database, collection, key, document);
        } catch (IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("record ends early", e);
        }
    }

    /** One decoded record: {@code key} is unused for a drop, {@code document} set for a put only. */
    record Change(byte kind, String database, String collection, Object key, Document document) {
    }
}
