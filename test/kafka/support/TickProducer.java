import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Kafka's own Java producer, for tests that must prove interoperability with
 * what real producers write (codecs, batch framing) rather than with kafkajs.
 *
 * <p>Usage: {@code java -cp '<kafka libs>/*' TickProducer.java <bootstrap> <topic> <compression>}
 * with one record per stdin line, {@code key<TAB>value}. {@code <compression>} is Kafka's
 * {@code compression.type}: none, gzip, snappy, lz4 or zstd. All records are sent before
 * the first flush, so each partition's records travel as one (compressed) batch. Prints
 * {@code sent <n>} and exits 0 once every record is acknowledged; any failure exits 1.
 */
public class TickProducer {
  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: TickProducer <bootstrap> <topic> <compression>");
      System.exit(2);
    }
    List<String[]> records = new ArrayList<>();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (line.isEmpty()) continue;
        int tab = line.indexOf('\t');
        if (tab < 0) throw new IllegalArgumentException("expected key<TAB>value: " + line);
        records.add(new String[] {line.substring(0, tab), line.substring(tab + 1)});
      }
    }

    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
    props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, args[2]);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    // Hold records until flush() so they leave as one batch per partition.
    props.put(ProducerConfig.LINGER_MS_CONFIG, "60000");
    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "90000");

    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      List<Future<RecordMetadata>> sent = new ArrayList<>();
      for (String[] record : records) {
        sent.add(producer.send(new ProducerRecord<>(args[1], record[0], record[1])));
      }
      producer.flush();
      for (Future<RecordMetadata> future : sent) future.get();
      System.out.println("sent " + sent.size());
    }
  }
}
