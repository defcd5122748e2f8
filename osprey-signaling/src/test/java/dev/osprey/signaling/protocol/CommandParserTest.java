package dev.osprey.signaling.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandParserTest {

    private static Command parse(String singleQuoted) {
        return CommandParser.parse(singleQuoted.replace('\'', '"'));
    }

    private static void assertRejected(String text, String definition) {
        assertThatThrownBy(() -> CommandParser.parse(text))
                .isInstanceOfSatisfying(MalformedCommandException.class,
                        e -> assertThat(e.definition()).isEqualTo(definition));
    }

    @Test
    void parsesTheCommandName() {
        assertThat(parse("{'command':'publish','streamId':'s'}").name()).isEqualTo("publish");
    }

    @Test
    void rejectsWhatIsNotAJsonObjectWithACommand() {
        assertRejected("", Definitions.INVALID_JSON);
        assertRejected("   ", Definitions.INVALID_JSON);
        assertRejected("{", Definitions.INVALID_JSON);
        assertRejected("{\"command\":\"ping\"}{}", Definitions.INVALID_JSON);
        assertRejected("{\"command\":\"ping\",}", Definitions.INVALID_JSON);
        assertRejected("[".repeat(5_000), Definitions.INVALID_JSON);
        assertRejected("null", Definitions.NOT_A_JSON_OBJECT);
        assertRejected("42", Definitions.NOT_A_JSON_OBJECT);
        assertRejected("[{\"command\":\"ping\"}]", Definitions.NOT_A_JSON_OBJECT);
        assertRejected("{}", Definitions.MISSING_COMMAND);
        assertRejected("{\"command\":null}", Definitions.MISSING_COMMAND);
        assertRejected("{\"command\":[\"ping\"]}", Definitions.MISSING_COMMAND);
        assertRejected("{\"command\":\"\"}", Definitions.MISSING_COMMAND);
    }

    @Test
    void textTreatsAbsentNullAndEmptyAlike() {
        Command c = parse("{'command':'x','a':null,'b':'','c':'v'}");
        assertThat(c.text("a")).isNull();
        assertThat(c.text("b")).isNull();
        assertThat(c.text("missing")).isNull();
        assertThat(c.text("c")).isEqualTo("v");
    }

    @Test
    void textOfANonStringIsInvalidField() {
        Command c = parse("{'command':'x','streamId':7}");
        assertThatThrownBy(() -> c.text("streamId"))
                .isInstanceOfSatisfying(MalformedCommandException.class, e -> {
                    assertThat(e.definition()).isEqualTo(Definitions.INVALID_FIELD);
                    assertThat(e.information()).isEqualTo("streamId must be a string");
                });
    }

    @Test
    void metadataSpellings() {
        assertThat(parse("{'command':'x','metadata':'lower'}").freeText("metaData", "metadata")).isEqualTo("lower");
        assertThat(parse("{'command':'x','metaData':'camel','metadata':'lower'}").freeText("metaData", "metadata"))
                .isEqualTo("camel");
        assertThat(parse("{'command':'x','metaData':{'a':1}}").freeText("metaData", "metadata")).isEqualTo("{\"a\":1}");
        assertThat(parse("{'command':'x','metaData':null}").freeText("metaData", "metadata")).isEmpty();
        assertThat(parse("{'command':'x','metadata':'m'}").text("metaData", "metadata")).isEqualTo("m");
    }

    @Test
    void booleansAsBooleansOrStrings() {
        Command c = parse("{'command':'x','a':true,'b':'false','c':'TRUE','d':'','e':null}");
        assertThat(c.bool("a", false)).isTrue();
        assertThat(c.bool("b", true)).isFalse();
        assertThat(c.bool("c", false)).isTrue();
        assertThat(c.bool("d", true)).isTrue();
        assertThat(c.bool("e", false)).isFalse();
        assertThat(c.bool("missing", true)).isTrue();
        assertThatThrownBy(() -> parse("{'command':'x','a':'yes'}").bool("a", true))
                .isInstanceOf(MalformedCommandException.class).hasMessageContaining("a must be a boolean");
        assertThatThrownBy(() -> parse("{'command':'x','a':1}").bool("a", true))
                .isInstanceOf(MalformedCommandException.class);
    }

    @Test
    void enableVideoSpellings() {
        assertThat(parse("{'command':'x','enablevideo':'false'}").bool(true, "video", "enableVideo", "enablevideo")).isFalse();
        assertThat(parse("{'command':'x','enableVideo':false}").bool(true, "video", "enableVideo", "enablevideo")).isFalse();
        assertThat(parse("{'command':'x','video':false,'enablevideo':true}").bool(true, "video", "enableVideo", "enablevideo")).isFalse();
        assertThat(parse("{'command':'x','video':null,'enablevideo':false}").bool(true, "video", "enableVideo", "enablevideo")).isFalse();
        assertThat(parse("{'command':'x'}").bool(true, "video", "enableVideo", "enablevideo")).isTrue();
    }

    @Test
    void labelAsNumberStringOrNull() {
        assertThat(parse("{'command':'x','label':1}").integer("label")).isEqualTo(1);
        assertThat(parse("{'command':'x','label':'2'}").integer("label")).isEqualTo(2);
        assertThat(parse("{'command':'x','label':null}").integer("label")).isNull();
        assertThat(parse("{'command':'x','label':''}").integer("label")).isNull();
        assertThat(parse("{'command':'x'}").integer("label", 7)).isEqualTo(7);
        for (String bad : new String[]{"'a'", "1.5", "99999999999", "[]", "true"}) {
            assertThatThrownBy(() -> parse("{'command':'x','label':" + bad + "}").integer("label"))
                    .isInstanceOf(MalformedCommandException.class).hasMessageContaining("label must be an integer");
        }
    }

    @Test
    void stringLists() {
        assertThat(parse("{'command':'x','trackList':['a','!b']}").textList("trackList")).containsExactly("a", "!b");
        assertThat(parse("{'command':'x','trackList':null}").textList("trackList")).isEmpty();
        assertThat(parse("{'command':'x'}").textList("trackList")).isEmpty();
        assertThatThrownBy(() -> parse("{'command':'x','trackList':['a',1]}").textList("trackList"))
                .isInstanceOf(MalformedCommandException.class);
        assertThatThrownBy(() -> parse("{'command':'x','trackList':'a'}").textList("trackList"))
                .isInstanceOf(MalformedCommandException.class);
    }

    @Test
    void jsonKeepsEveryFieldForRelays() {
        Command c = parse("{'command':'takeCandidate','streamId':'p','label':null,'x':[1]}");
        assertThat(Messages.relay(c.json()))
                .isEqualTo("{\"command\":\"takeCandidate\",\"streamId\":\"p\",\"label\":null,\"x\":[1]}");
    }
}
