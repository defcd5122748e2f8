package dev.osprey.media.service.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

class VideoSelectionTest {
    private static final List<String> ROOM = List.of("a", "b", "c", "d", "e");

    private static List<String> choose(List<String> pinned, int offset, int size, int max, Set<String> unsendable) {
        return VideoSelection.choose(ROOM, pinned, offset, size, max, p -> !unsendable.contains(p)).stream()
                .map(a -> a.participant() + (a.pinned() ? "*" : "")).toList();
    }

    @Test
    void withoutPinsOrPagingTheFirstMaxInRoomOrderGetVideo() {
        assertThat(choose(List.of(), 0, -1, 2, Set.of())).containsExactly("a", "b");
        assertThat(choose(List.of(), 0, -1, -1, Set.of())).containsExactly("a", "b", "c", "d", "e");
        assertThat(choose(List.of(), 0, -1, 0, Set.of())).isEmpty();
    }

    @Test
    void pinnedComeFirstInPinOrderWithinTheLimit() {
        assertThat(choose(List.of("d", "b"), 0, -1, 3, Set.of())).containsExactly("d*", "b*", "a");
        assertThat(choose(List.of("d", "b", "e"), 0, -1, 2, Set.of())).containsExactly("d*", "b*");
    }

    @Test
    void thePageSelectsByPositionAndPinsAreAddedOnTop() {
        assertThat(choose(List.of(), 2, 2, -1, Set.of())).containsExactly("c", "d");
        assertThat(choose(List.of("a"), 2, 2, -1, Set.of())).containsExactly("a*", "c", "d");
        assertThat(choose(List.of("a"), 2, 2, 2, Set.of())).containsExactly("a*", "c");
        assertThat(choose(List.of("c"), 2, 2, -1, Set.of())).containsExactly("c*", "d");
        assertThat(choose(List.of(), 4, 10, -1, Set.of())).containsExactly("e");
        assertThat(choose(List.of(), 7, 2, -1, Set.of())).isEmpty();
        assertThat(choose(List.of(), 1, Integer.MAX_VALUE, -1, Set.of())).containsExactly("b", "c", "d", "e");
    }

    @Test
    void participantsThatCannotBeSentVideoLeaveTheirPlaceEmptyAndUnknownPinsAreIgnored() {
        assertThat(choose(List.of(), 0, 2, -1, Set.of("a"))).containsExactly("b");
        assertThat(choose(List.of("b", "zz"), 0, -1, 2, Set.of("b"))).containsExactly("a", "c");
    }
}
