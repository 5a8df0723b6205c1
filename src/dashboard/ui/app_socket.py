"""One Streamlit session driven over its websocket, as the browser's frontend drives it, for
tests/ui/test_click_callbacks.py and bench/clicks.py: rerun requests sent at a precise moment,
which a browser only does by chance. The app never imports it."""

from __future__ import annotations

import time
from contextlib import ExitStack

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect
from websockets.typing import Subprotocol


class AppSocket:
    """One Streamlit session driven over its websocket, as the browser's frontend drives it.

    Lets a test or benchmark send rerun requests at a precise moment (a click, then at once
    another request), which a real browser only does by chance. Streamlit's own protobuf
    messages; the widget ids are read from the elements the app draws.
    """

    def __init__(self, url: str, query_string: str = "") -> None:
        self.query_string = query_string
        self.buttons: dict[str, str] = {}
        self.texts: list[str] = []
        self._exit = ExitStack()
        self._socket = self._exit.enter_context(
            connect(
                url.replace("http://", "ws://") + "/_stcore/stream",
                subprotocols=[Subprotocol("streamlit")],
                max_size=None,
            )
        )
        self.rerun()
        self.read_run()

    def rerun(self, click: str | None = None) -> None:
        """Ask for a rerun, as a button click (by label) or a plain one (a navigation)."""
        message = BackMsg()
        message.rerun_script.query_string = self.query_string
        if click is not None:
            widget = message.rerun_script.widget_states.widgets.add()
            widget.id, widget.trigger_value = self.buttons[click], True
        self._socket.send(message.SerializeToString())

    def read_run(self, timeout: float = 30.0) -> None:
        """Read until a full run has finished (or ``timeout`` passed), noting what it drew."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                raw = self._socket.recv(timeout=left)
            except TimeoutError:
                return
            message = ForwardMsg()
            message.ParseFromString(raw)
            kind = message.WhichOneof("type")
            if kind == "delta" and message.delta.WhichOneof("type") == "new_element":
                element = message.delta.new_element
                if element.WhichOneof("type") == "button":
                    self.buttons[element.button.label] = element.button.id
                elif element.WhichOneof("type") == "markdown":
                    self.texts.append(element.markdown.body)
            elif kind == "script_finished" and message.script_finished == ForwardMsg.FINISHED_SUCCESSFULLY:
                return

    def close(self) -> None:
        self._exit.close()
